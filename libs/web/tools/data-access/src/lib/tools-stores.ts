import { Injectable, inject, signal } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { QuickReply, Teammate } from './tools-models';
import { QuickRepliesDocument, TeammatesDocument } from './generated/graphql';

/** The caller's quick replies (shared + personal), loaded once per session and refreshed after edits. */
@Injectable({ providedIn: 'root' })
export class QuickRepliesStore {
  private readonly api = inject(ApiClient);
  private loading: Promise<void> | null = null;
  readonly items = signal<QuickReply[]>([]);
  readonly loaded = signal(false);

  ensureLoaded(): Promise<void> {
    return (this.loading ??= this.refresh());
  }

  async refresh(): Promise<void> {
    try {
      const all: QuickReply[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const r: { quickReplies: { nodes: QuickReply[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await this.api.request(QuickRepliesDocument, { first: 200, after });
        all.push(...r.quickReplies.nodes);
        if (!r.quickReplies.pageInfo.hasNextPage) break;
        after = r.quickReplies.pageInfo.endCursor;
      }
      this.items.set(all);
      this.loaded.set(true);
    } catch {
      this.loading = null; // try again next time
    }
  }
}

/** The workspace's operators (mentions, transfer, invite). */
@Injectable({ providedIn: 'root' })
export class TeammatesStore {
  private readonly api = inject(ApiClient);
  private loading: Promise<void> | null = null;
  readonly items = signal<Teammate[]>([]);

  ensureLoaded(): Promise<void> {
    return (this.loading ??= this.api
      .request(TeammatesDocument)
      .then((r) => this.items.set(r.teammates))
      .catch(() => {
        this.loading = null;
      }));
  }
}

import { Injectable, inject } from '@angular/core';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import {
  CatalogueFeedEventsDocument,
  CatalogueFeedEventsSubscription,
  CatalogueFeedRejectionsDocument,
  CatalogueFeedRejectionsQuery,
  CatalogueFeedsDocument,
  CatalogueFeedsQuery,
  CreateCatalogueFeedDocument,
  CreateCatalogueFeedInput,
  DeleteCatalogueFeedDocument,
  ImportCatalogueFeedDocument,
  UpdateCatalogueFeedDocument,
  UpdateCatalogueFeedInput,
} from './generated/graphql';

export type CatalogueFeed = CatalogueFeedsQuery['catalogueFeeds'][number];
export type CatalogueFeedRun = NonNullable<CatalogueFeed['lastRun']>;
export type CatalogueFeedEvent = CatalogueFeedEventsSubscription['catalogueFeedEvents'];
export type CatalogueFeedRejectionPage = CatalogueFeedRejectionsQuery['catalogueFeedRejections'];

/** The upload route of a feed's file (POST, raw body, bearer token). */
export const catalogueFeedUploadPath = (feedId: string, name: string) => `/api/catalogue/feeds/${encodeURIComponent(feedId)}/file?name=${encodeURIComponent(name)}`;

/** The REST route's refusal: its code and sentence, like a GraphQL error for the form. */
export class FeedUploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeedUploadError';
  }
}

/**
 * Settings › Catalogue (E10): the workspace's feeds, Import now, uploads, rejected offers and the
 * live progress of imports. Errors are thrown for the form.
 */
@Injectable({ providedIn: 'root' })
export class CatalogueFeedsService {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly session = inject(SessionStore);

  async list(): Promise<CatalogueFeed[]> {
    return (await this.api.request(CatalogueFeedsDocument)).catalogueFeeds;
  }

  async create(input: CreateCatalogueFeedInput): Promise<CatalogueFeed> {
    return (await this.api.request(CreateCatalogueFeedDocument, { input })).createCatalogueFeed;
  }

  async update(input: UpdateCatalogueFeedInput): Promise<CatalogueFeed> {
    return (await this.api.request(UpdateCatalogueFeedDocument, { input })).updateCatalogueFeed;
  }

  async remove(id: string): Promise<void> {
    await this.api.request(DeleteCatalogueFeedDocument, { id });
  }

  async importNow(id: string): Promise<CatalogueFeedRun> {
    return (await this.api.request(ImportCatalogueFeedDocument, { id })).importCatalogueFeed;
  }

  async rejections(runId: string, after: string | null = null, first = 50): Promise<CatalogueFeedRejectionPage> {
    return (await this.api.request(CatalogueFeedRejectionsDocument, { runId, first, after })).catalogueFeedRejections;
  }

  /** Uploads the feed's file (its import starts on the server); resolves with the queued run. */
  async upload(feedId: string, file: File): Promise<CatalogueFeedRun> {
    if (!(await this.session.ensureFresh())) throw new FeedUploadError('UNAUTHENTICATED', 'Your session has expired. Sign in again.');
    let res: Response;
    try {
      res = await fetch(catalogueFeedUploadPath(feedId, file.name), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.session.accessToken()}`, 'content-type': 'application/xml' },
        body: file,
      });
    } catch {
      throw new FeedUploadError('NETWORK', 'The upload failed: no connection. Try again.');
    }
    let body: { run?: CatalogueFeedRun; code?: string; message?: string } = {};
    try {
      body = await res.json();
    } catch {
      // not JSON: a proxy's error page
    }
    if (res.status === 201 && body.run) return body.run;
    throw new FeedUploadError(body.code ?? 'INTERNAL', body.message ?? `The upload failed (${res.status}). Try again.`);
  }

  /** Every feed event of the workspace until the returned function is called. */
  events(listener: (e: CatalogueFeedEvent) => void): () => void {
    return this.realtime.subscribe(CatalogueFeedEventsDocument, { next: (data) => listener(data.catalogueFeedEvents), error: () => undefined });
  }
}

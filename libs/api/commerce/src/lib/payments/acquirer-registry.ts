import { Inject, Injectable } from '@nestjs/common';
import { Acquirer, ACQUIRERS } from './acquirer';

/** The acquirers by kind, as provided in ACQUIRERS (CommerceModule lists the implementations). */
@Injectable()
export class AcquirerRegistry {
  private readonly byKind: Map<string, Acquirer>;

  constructor(@Inject(ACQUIRERS) acquirers: Acquirer[]) {
    this.byKind = new Map(acquirers.map((a) => [a.kind, a]));
  }

  get(kind: string | null | undefined): Acquirer | null {
    return (kind && this.byKind.get(kind)) || null;
  }

  all(): Acquirer[] {
    return [...this.byKind.values()];
  }
}

import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { SearchHistoryAudit1763810000000 } from './1763810000000-search-history-audit';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations = [InitialSchema1763700000000, SearchHistoryAudit1763810000000];

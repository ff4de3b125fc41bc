import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactsService } from '@parley/api/contacts';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, isUuid } from '@parley/api/platform/graphql';
import { contactDisplayName, MAX_SEARCH_QUERY_LENGTH, messageLength } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { SearchHitKind, SearchHitObject } from '../dto/search.object';
import { MATCH_START, MATCH_STOP, segmentsFromMarked, snippet } from './highlight';
import { visibilitySql } from './visibility-sql';

export const SEARCH_PAGE_MAX = 50;

interface SearchCursor {
  rank: string;
  at: string;
  key: string;
}

function encodeSearchCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify([c.rank, c.at, c.key]), 'utf8').toString('base64url');
}

function decodeSearchCursor(s: string): SearchCursor {
  try {
    const [rank, at, key] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (typeof rank === 'string' && /^\d+(\.\d+)?$/.test(rank) && typeof at === 'string' && !Number.isNaN(new Date(at).getTime()) && typeof key === 'string' && isUuid(key)) {
      return { rank, at, key };
    }
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor');
}

/**
 * Full-text search (SPEC A4) over message bodies and contacts' name/e-mail/phone, with PostgreSQL
 * FTS (`simple` configuration, GIN indexes). The user's text goes through websearch_to_tsquery,
 * which accepts any input without syntax errors. Role visibility is part of the SQL.
 *
 * An anonymous visitor is shown by a pseudonym derived from the contact id ("Teal Otter #4F2A",
 * issue #17), which is in no column: a search that looks like one ("#4F2A", the full pseudonym)
 * finds the anonymous contacts whose id starts with the code (a primary-key range scan), keeps
 * those whose whole pseudonym matches, and returns their conversations as contact hits, first.
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactsService,
  ) {}

  async search(user: AuthUser, rawQuery: string, first: number, after?: string | null): Promise<{ nodes: SearchHitObject[]; hasNextPage: boolean; endCursor: string | null }> {
    const query = (rawQuery ?? '').trim();
    if (!query) throw badInput('Enter something to search for');
    if (messageLength(query) > MAX_SEARCH_QUERY_LENGTH) throw badInput(`The search text can be at most ${MAX_SEARCH_QUERY_LENGTH} characters`);
    if (!Number.isInteger(first) || first < 1 || first > SEARCH_PAGE_MAX) throw badInput(`first must be between 1 and ${SEARCH_PAGE_MAX}`);
    const cursor = after ? decodeSearchCursor(after) : null;
    const pseudonyms = await this.contacts.findByPseudonym(user.workspaceId, query);

    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const ws = p(user.workspaceId);
    const tsquery = p(query.split(MATCH_START).join(' ').split(MATCH_STOP).join(' '));
    const limit = p(first + 1);
    const options = p(`StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, HighlightAll=true`);
    const markers = p(MATCH_START + MATCH_STOP);
    // the caller's id is bound only when the SQL uses it (PostgreSQL refuses untyped unused parameters)
    const visible = visibilitySql(user, 'c', () => `${p(user.operatorId)}::uuid`);
    const vis = visible === null ? '' : `AND ${visible}`;
    const pseudonymHits = pseudonyms.length
      ? `UNION ALL
         SELECT 'contact', c.id, NULL, NULL, pn.name, c.last_message_at, 1.0::numeric, c.id, ct.id, ct.name, ct.email, ct.phone
         FROM unnest(${p(pseudonyms.map((x) => x.id))}::uuid[], ${p(pseudonyms.map((x) => x.name))}::text[]) AS pn(id, name)
         JOIN contacts ct ON ct.id = pn.id AND ct.workspace_id = ${ws}
         JOIN conversations c ON c.contact_id = ct.id AND c.workspace_id = ${ws} AND c.deleted_at IS NULL
         WHERE true ${vis}`
      : '';
    const keyset = cursor ? `WHERE (h.rank, h.at, h.key) < (${p(cursor.rank)}::numeric, ${p(cursor.at)}::timestamptz, ${p(cursor.key)}::uuid)` : '';
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `WITH q AS (SELECT websearch_to_tsquery('simple', ${tsquery}) AS query),
       hits AS (
         SELECT 'message' AS kind, m.conversation_id, m.id AS message_id, m.seq, m.body AS text, m.created_at AS at,
                round(ts_rank(m.search_vector, q.query, 1)::numeric, 6) AS rank, m.id AS key, ct.id AS contact_id, ct.name AS contact_name, ct.email AS contact_email, ct.phone AS contact_phone
         FROM q, messages m
         JOIN conversations c ON c.id = m.conversation_id AND c.workspace_id = ${ws} AND c.deleted_at IS NULL
         JOIN contacts ct ON ct.id = c.contact_id
         WHERE m.workspace_id = ${ws} AND m.search_vector @@ q.query ${vis}
         UNION ALL
         SELECT 'contact', c.id, NULL, NULL, concat_ws(' · ', ct.name, ct.email, ct.phone), c.last_message_at,
                round(ts_rank(ct.search_vector, q.query, 1)::numeric, 6), c.id, ct.id, ct.name, ct.email, ct.phone
         FROM q, contacts ct
         JOIN conversations c ON c.contact_id = ct.id AND c.workspace_id = ${ws} AND c.deleted_at IS NULL
         WHERE ct.workspace_id = ${ws} AND ct.search_vector @@ q.query ${vis}
         ${pseudonymHits}
       ),
       page AS (SELECT h.* FROM hits h ${keyset} ORDER BY h.rank DESC, h.at DESC, h.key DESC LIMIT ${limit})
       SELECT page.kind, page.conversation_id, page.message_id, page.seq, page.at, page.rank::text AS rank, page.key, page.contact_id, page.contact_name, page.contact_email, page.contact_phone,
              ts_headline('simple', translate(page.text, ${markers}, ''), q.query, ${options}) AS marked
       FROM page, q
       ORDER BY page.rank DESC, page.at DESC, page.key DESC`,
      params,
    );
    const nodes = rows.slice(0, first).map((r) => ({
      kind: r['kind'] as SearchHitKind,
      conversationId: r['conversation_id'] as string,
      messageId: (r['message_id'] as string | null) ?? null,
      seq: r['seq'] === null || r['seq'] === undefined ? null : Number(r['seq']),
      segments: snippet(segmentsFromMarked(r['marked'] as string)),
      contactName: (r['contact_name'] as string | null) ?? null,
      contactDisplayName: contactDisplayName({ id: r['contact_id'] as string, name: r['contact_name'] as string | null, email: r['contact_email'] as string | null, phone: r['contact_phone'] as string | null }),
      at: new Date(r['at'] as string),
      cursor: { rank: r['rank'] as string, at: new Date(r['at'] as string).toISOString(), key: r['key'] as string },
    }));
    const last = nodes[nodes.length - 1];
    return {
      nodes: nodes.map(({ cursor: _c, ...hit }) => hit),
      hasNextPage: rows.length > first,
      endCursor: last ? encodeSearchCursor(last.cursor) : null,
    };
  }
}

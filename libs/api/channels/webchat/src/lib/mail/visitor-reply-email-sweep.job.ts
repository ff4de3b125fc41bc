import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelRegistry } from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { MessageAuthorType } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { visitorPresenceKey } from '../visitor-presence';
import { VisitorReplyEmailJob } from './visitor-reply-email.job';
import { readMailSettings } from './webchat-mail-settings';

export const SWEEP_VISITOR_REPLY_EMAILS_JOB = 'sweep-visitor-reply-emails';
/** `now`: the sweep's clock (tests). */
export type SweepVisitorReplyEmailsJobData = { now?: string };

/** Conversations one statement returns, and statements one run makes at most (the rest wait for the next run). */
export const VISITOR_REPLY_SWEEP_PAGE = 100;
export const VISITOR_REPLY_SWEEP_MAX_PAGES = 10;

export interface VisitorReplySweepResult {
  /** Conversations found with an unread, un-e-mailed operator answer older than the delay. */
  due: number;
  /** …of which a visitor still has a widget open (or presence is unknown): left for a later run. */
  present: number;
  /** …e-mailed by this run (the others were e-mailed or read meanwhile). */
  emailed: number;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Issue #9, SPEC C7: the safety net of the reply e-mail. `VisitorReplyEmailListener` schedules the
 * check from a bus event after the operator's message committed; a crash before `queue.add`, a lost
 * event or a failed enqueue (and, in-process, a restart while the check was delayed) would leave the
 * answer unsent. This sweep finds conversations of e-mailable channels (kind with
 * `emailsRepliesWhenAway`, a valid replyFrom) whose contact has an e-mail, quiet for
 * VISITOR_REPLY_EMAIL_DELAY_MS plus one sweep interval (and at most the lookback more), with an
 * operator message after both the visitor's read mark and `emailed_seq`, and no visitor socket open,
 * and runs the same check for each. The check locks the `emailed_seq` row and the outbox row's dedupe
 * key is per conversation and seq, so the listener's job and the sweep never e-mail an answer twice.
 *
 * The message write path is untouched: the query walks the existing `conversations_activity_idx`
 * (workspace_id, last_message_at, id) per workspace that has an e-mailable channel, in keyset pages.
 */
@Injectable()
export class VisitorReplyEmailSweep {
  private readonly logger = new Logger('VisitorReplyEmail');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly channelKinds: ChannelRegistry,
    private readonly config: AppConfig,
    private readonly job: VisitorReplyEmailJob,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
  ) {}

  async run(now = new Date()): Promise<VisitorReplySweepResult> {
    const result: VisitorReplySweepResult = { due: 0, present: 0, emailed: 0 };
    const channels = await this.mailableChannels();
    if (!channels.length) return result;
    const until = new Date(now.getTime() - this.config.visitorReplyEmailDelayMs - this.config.visitorReplyEmailSweep.everyMs);
    const from = new Date(until.getTime() - this.config.visitorReplyEmailSweep.lookbackMs);
    const workspaces = [...new Set(channels.map((c) => c.workspaceId))];
    const channelIds = channels.map((c) => c.id);
    const failures: string[] = [];
    let cursor = { at: from, id: NO_ID };
    for (let page = 0; page < VISITOR_REPLY_SWEEP_MAX_PAGES; page++) {
      const due = await this.duePage(workspaces, channelIds, until, cursor);
      if (!due.length) break;
      result.due += due.length;
      const present = await this.withVisitorConnected(due.map((d) => d.id));
      for (const d of due) {
        if (present.has(d.id)) {
          result.present++;
          continue;
        }
        try {
          if (await this.job.check({ workspaceId: d.workspaceId, conversationId: d.id })) result.emailed++;
        } catch (e) {
          failures.push(`${d.id}: ${(e as Error)?.message ?? e}`);
        }
      }
      const last = due[due.length - 1];
      cursor = { at: last.lastMessageAt, id: last.id };
      if (due.length < VISITOR_REPLY_SWEEP_PAGE) break;
    }
    if (result.emailed) this.logger.log(`sweep: e-mailed the unread answers of ${result.emailed} conversation(s) whose check was lost`);
    // never silent (issue #9): the run fails (and is retried), the others were handled; the failed ones are due again next run
    if (failures.length) throw new Error(`reply e-mail sweep: ${failures.length} conversation(s) failed: ${failures.slice(0, 5).join('; ')}`);
    return result;
  }

  /** Channels whose answers may be e-mailed: a kind that does it and a valid reply address (read like the check reads it). */
  private async mailableChannels(): Promise<Array<{ id: string; workspaceId: string }>> {
    const kinds = this.channelKinds.kindsWith('emailsRepliesWhenAway');
    if (!kinds.length) return [];
    const rows: Array<{ id: string; workspace_id: string; settings: unknown }> = await this.db.query(
      `SELECT ch.id, ch.workspace_id, s.settings FROM webchat_mail_settings s JOIN channels ch ON ch.id = s.channel_id
       WHERE ch.type = ANY($1) AND coalesce(s.settings->>'replyFrom', '') <> ''`,
      [kinds],
    );
    return rows.filter((r) => readMailSettings(r.settings).replyFrom).map((r) => ({ id: r.id, workspaceId: r.workspace_id }));
  }

  /**
   * One keyset page of due conversations, oldest activity first. Per workspace (a LATERAL join, so
   * the leading workspace_id is used) a range scan of `conversations_activity_idx` over the window,
   * then per row: the `emailed_seq` by primary key (a scalar subquery behind OFFSET 0, so it is never
   * turned into a hash join over the whole table), the contact by primary key, and the unread
   * operator message on `messages_conversation_seq_key` from the later mark on. EXPLAIN on 20,000
   * conversations / 60,000 messages in 20 workspaces (1,600 in the window): ~30 ms, no sequential scan.
   */
  private async duePage(workspaces: string[], channelIds: string[], until: Date, after: { at: Date; id: string }): Promise<Array<{ id: string; workspaceId: string; lastMessageAt: Date }>> {
    const rows: Array<{ id: string; workspace_id: string; last_message_at: Date }> = await this.db.query(
      `SELECT d.id, d.workspace_id, d.last_message_at
       FROM unnest($1::uuid[]) AS w(id)
       CROSS JOIN LATERAL (
         SELECT c.id, c.workspace_id, c.last_message_at
         FROM (
           SELECT c.id, c.workspace_id, c.last_message_at, c.last_seq, c.contact_id,
             greatest(c.visitor_read_seq, coalesce((SELECT e.emailed_seq FROM conversation_reply_emails e WHERE e.conversation_id = c.id), 0)) AS mark
           FROM conversations c
           WHERE c.workspace_id = w.id
             AND (c.last_message_at, c.id) > ($4::timestamptz, $5::uuid) AND c.last_message_at <= $3
             AND c.deleted_at IS NULL AND c.channel_id = ANY($2::uuid[]) AND c.last_seq > c.visitor_read_seq
           OFFSET 0
         ) c
         WHERE c.last_seq > c.mark
           AND EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c.contact_id AND coalesce(ct.email, '') <> '')
           AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.mark AND m.author_type = $7)
         ORDER BY c.last_message_at, c.id
         LIMIT $6
       ) d
       ORDER BY d.last_message_at, d.id
       LIMIT $6`,
      [workspaces, channelIds, until, after.at, after.id, VISITOR_REPLY_SWEEP_PAGE, MessageAuthorType.operator],
    );
    return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, lastMessageAt: new Date(r.last_message_at) }));
  }

  /** The conversations of `ids` with a visitor's widget open on any API process; all of them when presence cannot be read. */
  private async withVisitorConnected(ids: string[]): Promise<Set<string>> {
    const visitors: Array<{ id: string; conversation_id: string }> = await this.db.query(`SELECT id, conversation_id FROM visitors WHERE conversation_id = ANY($1::uuid[])`, [ids]);
    if (!visitors.length) return new Set();
    try {
      const held = await this.shared.whichHeld(visitors.map((v) => visitorPresenceKey(v.id)));
      return new Set(visitors.filter((v) => held.has(visitorPresenceKey(v.id))).map((v) => v.conversation_id));
    } catch {
      return new Set(ids);
    }
  }
}

/** Runs the sweep; enqueued every VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS by API processes (time-slot job id), run by whoever runs workers. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: SWEEP_VISITOR_REPLY_EMAILS_JOB })
export class SweepVisitorReplyEmailsJob implements JobHandler<SweepVisitorReplyEmailsJobData> {
  constructor(private readonly sweep: VisitorReplyEmailSweep) {}

  async handle(data: SweepVisitorReplyEmailsJobData): Promise<void> {
    await this.sweep.run(data?.now ? new Date(data.now) : new Date());
  }
}

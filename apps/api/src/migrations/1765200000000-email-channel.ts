import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, e-mail channels (libs/api/channels/email):
 * - `email_mailbox_state`: per channel, how far its INBOX has been read. `last_uid` is the highest
 *   IMAP UID handed to ChannelInboundService.receive (advanced only after it returned, so a crash or
 *   a day of downtime loses nothing), valid for `uid_validity` (when the server changes it, the
 *   mailbox is read again from the start: receive is idempotent on Message-ID). `lease_until` keeps
 *   one poll per channel at a time across processes; `last_error` is the last poll's failure (null
 *   after a good one); `failed_uid`/`failed_attempts` let one mail that always fails be skipped
 *   (and said so) instead of stopping the mailbox forever; `backlog`: the last run left mail for the
 *   next one, which then runs at the next tick instead of after `pollSeconds`.
 * - `email_inbound_recipients`: the other recipients (To and CC) of each inbound mail, so a reply
 *   goes to them too; removed with the message's reference.
 */
export class EmailChannel1765200000000 implements MigrationInterface {
  name = 'EmailChannel1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_mailbox_state (
        channel_id uuid PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
        uid_validity bigint,
        last_uid bigint NOT NULL DEFAULT 0,
        last_polled_at timestamptz(3),
        last_error text,
        lease_until timestamptz(3),
        failed_uid bigint,
        failed_attempts int NOT NULL DEFAULT 0,
        backlog boolean NOT NULL DEFAULT false,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE TABLE email_inbound_recipients (
        channel_id uuid NOT NULL,
        external_id text NOT NULL,
        cc text[] NOT NULL,
        PRIMARY KEY (channel_id, external_id),
        FOREIGN KEY (channel_id, external_id) REFERENCES channel_message_refs(channel_id, external_id) ON DELETE CASCADE
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_inbound_recipients; DROP TABLE email_mailbox_state;`);
  }
}

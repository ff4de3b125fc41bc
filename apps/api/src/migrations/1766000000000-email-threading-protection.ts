import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, e-mail (A2):
 * - `channel_message_refs.threaded_by` may be `reply_address`: the mail was sent to the signed
 *   reply address of a conversation (`support+c…@`), which it then continues.
 * - `contacts.email_bouncing_at` / `email_bounce_reason`: a bounce (delivery status notification)
 *   of a mail to the contact's address marks it bouncing; a mail the person writes clears it.
 * - `email_mailbox_state.import_total` / `import_done`: the first import's progress (shown in the
 *   channel's admin details while it runs); null once it is done.
 * - `operators.email_signature`: the operator's signature, appended to their e-mail replies.
 */
export class EmailThreadingProtection1766000000000 implements MigrationInterface {
  name = 'EmailThreadingProtection1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE channel_message_refs DROP CONSTRAINT IF EXISTS channel_message_refs_threaded_by_check;
      ALTER TABLE channel_message_refs ADD CONSTRAINT channel_message_refs_threaded_by_check CHECK (threaded_by IN ('reply', 'reply_address', 'open', 'new'));
      ALTER TABLE contacts ADD COLUMN email_bouncing_at timestamptz(3), ADD COLUMN email_bounce_reason text CHECK (length(email_bounce_reason) <= 500);
      ALTER TABLE email_mailbox_state ADD COLUMN import_total int, ADD COLUMN import_done int;
      ALTER TABLE operators ADD COLUMN email_signature text CHECK (length(email_signature) <= 2000);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE operators DROP COLUMN email_signature;
      ALTER TABLE email_mailbox_state DROP COLUMN import_total, DROP COLUMN import_done;
      ALTER TABLE contacts DROP COLUMN email_bouncing_at, DROP COLUMN email_bounce_reason;
      UPDATE channel_message_refs SET threaded_by = 'reply' WHERE threaded_by = 'reply_address';
      ALTER TABLE channel_message_refs DROP CONSTRAINT channel_message_refs_threaded_by_check;
      ALTER TABLE channel_message_refs ADD CONSTRAINT channel_message_refs_threaded_by_check CHECK (threaded_by IN ('reply', 'open', 'new'));
    `);
  }
}

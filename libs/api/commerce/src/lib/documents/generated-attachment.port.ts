import { AuthUser } from '@parley/api/platform/auth';
import { ChatAttachment } from '@parley/shared/contracts';

/**
 * How commerce stores a file it made (an order's invoice or order form PDF) as an attachment the
 * agent's composer can attach, without depending on the conversations domain. The app wires the
 * conversations' GeneratedAttachmentsService, which checks like an upload does (the operator may
 * reply in the conversation, and it is not another agent's), keeps the bytes in the attachment
 * storage as the operator's unsent upload in that conversation and answers the attachment with a
 * link for its preview. The composer puts it among its pending files; sending the message with
 * `attachmentIds: [attachment.id]` claims it like any upload (the agent may add text first).
 * Refuses a type other than the bytes' own (FORBIDDEN / NOT_FOUND / FILE_TOO_LARGE / UNSUPPORTED_FILE_TYPE).
 */
export interface GeneratedAttachmentStore {
  storeGenerated(user: AuthUser, conversationId: string, fileName: string, mime: string, bytes: Buffer): Promise<ChatAttachment>;
}

export const GENERATED_ATTACHMENT_STORE = Symbol('GENERATED_ATTACHMENT_STORE');

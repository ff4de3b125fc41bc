import { Injectable } from '@nestjs/common';
import { AuthUser } from '@parley/api/platform/auth';
import { DomainException, forbidden } from '@parley/api/platform/graphql';
import { ChatAttachment, detectFileType, ErrorCode, MAX_ATTACHMENT_BYTES, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { Readable } from 'node:stream';
import { isOthersConversation } from '../services/conversation-events';
import { ConversationsService } from '../services/conversations.service';
import { tooLarge } from './attachment-storage';
import { AttachmentsService } from './attachments.service';

/**
 * Files the server makes for an operator (an order's PDF, commerce's GeneratedAttachmentStore
 * port): stored exactly as if the operator had uploaded them into the conversation (the same
 * checks as POST /api/attachments), so the composer shows them as pending files and the send
 * claims them by id.
 */
@Injectable()
export class GeneratedAttachmentsService {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly conversations: ConversationsService,
  ) {}

  async storeGenerated(user: AuthUser, conversationId: string, fileName: string, mime: string, bytes: Buffer): Promise<ChatAttachment> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read conversations but not send files');
    const conversation = await this.conversations.getForOperator(user, conversationId);
    if (isOthersConversation(user, conversation)) throw forbidden('This conversation belongs to another operator');
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
    const detected = detectFileType(bytes.subarray(0, 64));
    if (!detected || detected !== mime) {
      throw new DomainException(ErrorCode.UnsupportedFileType, `The file is not ${mime}`, { allowed: ['png', 'jpeg', 'gif', 'webp', 'pdf'] });
    }
    const a = await this.attachments.upload(Readable.from([bytes]), {
      workspaceId: user.workspaceId,
      conversationId,
      uploaderType: 'operator',
      uploaderId: user.operatorId,
      name: fileName,
      declaredLength: bytes.length,
    });
    return this.attachments.forUploader(a);
  }
}

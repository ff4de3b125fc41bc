import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IdentityService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { DomainException, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import {
  ChatAttachment,
  detectFileType,
  ErrorCode,
  imageDimensions,
  isImageMime,
  MAX_ATTACHMENTS_PER_MESSAGE,
  sanitizeFileName,
} from '@parley/shared/contracts';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentMeta } from '../entities/message.entity';
import { ConversationEntity } from '../entities/conversation.entity';
import { canSee } from '../services/conversation-events';
import { AttachmentEntity, UploaderType } from './attachment.entity';
import { AttachmentSigner, DownloadSubject } from './attachment-signer';
import { receiveUpload, storagePath } from './attachment-storage';

export interface UploadParams {
  workspaceId: string;
  conversationId: string | null;
  uploaderType: UploaderType;
  uploaderId: string;
  name: unknown;
  declaredLength: number | undefined;
}

export interface ClaimParams {
  workspaceId: string;
  conversationId: string;
  uploaderType: UploaderType;
  uploaderId: string | null;
  ids: unknown;
}

export const metaOf = (a: AttachmentEntity): AttachmentMeta => ({ id: a.id, name: a.name, mime: a.mime, size: a.size, width: a.width, height: a.height });

/** Checks `attachmentIds` of a send: an array of at most MAX_ATTACHMENTS_PER_MESSAGE distinct UUIDs. */
export function attachmentIdsOf(ids: unknown): string[] {
  if (ids === undefined || ids === null) return [];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !isUuid(id))) {
    throw new DomainException(ErrorCode.BadUserInput, 'attachmentIds must be a list of attachment ids');
  }
  const unique = [...new Set(ids as string[])];
  if (unique.length > MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new DomainException(ErrorCode.BadUserInput, `A message can carry at most ${MAX_ATTACHMENTS_PER_MESSAGE} files`);
  }
  return unique;
}

/**
 * Inside the send's transaction: locks the sender's unsent uploads with these ids and returns
 * their metadata in the order given. Anything else (another sender's file, another
 * conversation's, one already sent, unknown) refuses the whole message with NOT_FOUND.
 */
export async function lockAttachmentsForMessage(m: EntityManager, p: ClaimParams): Promise<AttachmentMeta[]> {
  const ids = attachmentIdsOf(p.ids);
  if (!ids.length) return [];
  const rows: AttachmentEntity[] = await m
    .getRepository(AttachmentEntity)
    .createQueryBuilder('a')
    .setLock('pessimistic_write')
    .where('a.id IN (:...ids) AND a.workspace_id = :ws AND a.uploader_type = :type AND a.uploader_id = :uploader AND a.message_id IS NULL', {
      ids,
      ws: p.workspaceId,
      type: p.uploaderType,
      uploader: p.uploaderId,
    })
    .andWhere('(a.conversation_id IS NULL OR a.conversation_id = :conv)', { conv: p.conversationId })
    .getMany();
  if (rows.length !== ids.length) throw new DomainException(ErrorCode.NotFound, 'Attachment not found: upload the file again');
  return ids.map((id) => metaOf(rows.find((r) => r.id === id) as AttachmentEntity));
}

/** A message's preview line when it has no text: the file names. */
export const attachmentsPreview = (attachments: AttachmentMeta[]): string => `📎 ${attachments.map((a) => a.name).join(', ')}`;

/** Uploads and downloads of message files (SPEC A9). Bytes on disk, rows in `attachments`. */
@Injectable()
export class AttachmentsService {
  readonly root: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly signer: AttachmentSigner,
    private readonly identity: IdentityService,
    config: AppConfig,
  ) {
    this.root = path.join(config.dataDir, 'files');
  }

  /**
   * Streams the body to disk (size-capped), decides the type by the first bytes and stores it.
   * FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE or BAD_USER_INPUT (empty) leave nothing behind.
   */
  async upload(input: Readable, p: UploadParams): Promise<AttachmentEntity> {
    if (p.name !== undefined && typeof p.name !== 'string') throw new DomainException(ErrorCode.BadUserInput, 'name must be text');
    const file = await receiveUpload(input, this.root);
    try {
      if (file.size === 0) throw new DomainException(ErrorCode.BadUserInput, 'The file is empty');
      const mime = detectFileType(file.head);
      if (!mime) {
        throw new DomainException(ErrorCode.UnsupportedFileType, 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent', { allowed: ['png', 'jpeg', 'gif', 'webp', 'pdf'] });
      }
      const size = isImageMime(mime) ? imageDimensions(file.head, mime) : null;
      const storageKey = `${p.workspaceId}/${randomUUID()}`;
      const target = storagePath(this.root, storageKey);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(file.tmpPath, target);
      const repo = this.db.getRepository(AttachmentEntity);
      return await repo.save(
        repo.create({
          workspaceId: p.workspaceId,
          conversationId: p.conversationId,
          messageId: null,
          uploaderType: p.uploaderType,
          uploaderId: p.uploaderId,
          name: sanitizeFileName(p.name as string | undefined, mime),
          mime,
          size: file.size,
          width: size?.width ?? null,
          height: size?.height ?? null,
          storageKey,
          sha256: file.sha256,
        }),
      );
    } finally {
      await fs.promises.rm(file.tmpPath, { force: true });
    }
  }

  /** The attachment as its uploader sees it right after the upload (a link for its preview). */
  forUploader(a: AttachmentEntity): ChatAttachment {
    const subject: DownloadSubject = a.uploaderType === 'operator' ? `o:${a.uploaderId}` : `v:${a.uploaderId}`;
    return { ...metaOf(a), url: this.signer.url(a.id, subject) };
  }

  /** Message attachments with links for one reader. */
  withUrls(attachments: AttachmentMeta[] | null | undefined, subject: DownloadSubject): ChatAttachment[] {
    return (attachments ?? []).map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size, width: a.width ?? null, height: a.height ?? null, url: this.signer.url(a.id, subject) }));
  }

  /**
   * The file behind a download, if the caller may have it: an operator by bearer token (or a link
   * made for them) who can see the conversation now; a visitor by a link made for their
   * conversation or for their own upload. Everyone else: 404/403, and nothing about the file.
   */
  async authorize(
    id: string,
    caller: { user: AuthUser } | { signed: { sub: unknown; exp: unknown; sig: unknown } },
    /** The full visibility rule (groups, participants): ConversationsService.getForOperator. */
    seeConversation?: (user: AuthUser, conversationId: string) => Promise<unknown>,
  ): Promise<{ attachment: AttachmentEntity; file: string }> {
    if (!isUuid(id)) throw notFound('Attachment');
    let user: AuthUser | null = null;
    let subject: DownloadSubject | null = null;
    if ('user' in caller) user = caller.user;
    else {
      subject = this.signer.verify(id, caller.signed.sub, caller.signed.exp, caller.signed.sig);
      if (!subject) throw forbidden('This link is invalid or has expired; reopen the conversation to get a new one');
    }
    const a = await this.db.getRepository(AttachmentEntity).findOne({ where: { id } });
    if (!a || (user && a.workspaceId !== user.workspaceId)) throw notFound('Attachment');
    if (subject?.startsWith('o:')) {
      const op = await this.identity.findOperatorsByIds(a.workspaceId, [subject.slice(2)]);
      if (!op[0] || !op[0].active) throw forbidden();
      user = { operatorId: op[0].id, workspaceId: a.workspaceId, role: op[0].role };
    }
    if (user) await this.assertOperatorMaySee(user, a, seeConversation);
    else if (subject?.startsWith('c:')) {
      if (a.conversationId !== subject.slice(2) || !a.messageId) throw forbidden();
    } else if (subject?.startsWith('v:')) {
      if (a.uploaderType !== 'visitor' || a.uploaderId !== subject.slice(2)) throw forbidden();
    } else throw forbidden();
    return { attachment: a, file: storagePath(this.root, a.storageKey) };
  }

  private async assertOperatorMaySee(user: AuthUser, a: AttachmentEntity, seeConversation?: (user: AuthUser, conversationId: string) => Promise<unknown>): Promise<void> {
    if (a.uploaderType === 'operator' && a.uploaderId === user.operatorId) return;
    if (!a.conversationId) throw forbidden();
    if (seeConversation) {
      await seeConversation(user, a.conversationId);
      return;
    }
    const c = await this.db.getRepository(ConversationEntity).findOne({ where: { id: a.conversationId, workspaceId: user.workspaceId } });
    if (!c || c.deletedAt) throw notFound('Attachment');
    if (!canSee(user, c)) throw forbidden('This conversation belongs to another operator');
  }
}

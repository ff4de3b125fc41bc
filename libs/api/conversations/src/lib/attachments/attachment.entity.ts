import { AttachmentMime } from '@parley/shared/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type UploaderType = 'visitor' | 'operator';

/** An uploaded file (SPEC A9). `messageId` is null until a message of its uploader claims it. */
@Entity('attachments')
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  /** Set at upload for operators; for a visitor without a conversation yet, when the message is sent. */
  @Column({ name: 'conversation_id', type: 'uuid', nullable: true }) conversationId: string | null;
  @Column({ name: 'message_id', type: 'uuid', nullable: true }) messageId: string | null;
  @Column({ name: 'uploader_type', type: 'text' }) uploaderType: UploaderType;
  @Column({ name: 'uploader_id', type: 'uuid' }) uploaderId: string;
  /** Sanitized: no directories, no control characters, the extension of the detected type. */
  @Column({ type: 'text' }) name: string;
  /** Detected from the file's first bytes, never taken from the client. */
  @Column({ type: 'text' }) mime: AttachmentMime;
  @Column({ type: 'int' }) size: number;
  @Column({ type: 'int', nullable: true }) width: number | null;
  @Column({ type: 'int', nullable: true }) height: number | null;
  /** Path under $DATA_DIR/files: `<workspaceId>/<random uuid>`, never derived from the name. */
  @Column({ name: 'storage_key', type: 'text' }) storageKey: string;
  @Column({ type: 'text' }) sha256: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

import { ChatAttachment, MessageAuthorType, MessageCard } from '@parley/shared/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('messages')
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ name: 'conversation_id', type: 'uuid' }) conversationId: string;
  @Column({ type: 'int' }) seq: number;
  /** Sender-generated id; the same id twice in a conversation is one message. */
  @Column({ name: 'client_id', type: 'text', nullable: true }) clientId: string | null;
  @Column({ name: 'author_type', type: 'text' }) authorType: MessageAuthorType;
  @Column({ name: 'author_id', type: 'uuid', nullable: true }) authorId: string | null;
  /** Snapshot of the author's name when written, so history reads as it was. */
  @Column({ name: 'author_name', type: 'text', nullable: true }) authorName: string | null;
  @Column({ type: 'text' }) body: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Set when the author edited the message (SPEC A10). */
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true }) editedAt: Date | null;
  /** Metadata of the files the message carries (SPEC A9), copied from `attachments`; null when none. */
  @Column({ type: 'jsonb', nullable: true }) attachments: AttachmentMeta[] | null;
  /** The message as sanitised HTML where its channel has it (an e-mail); null otherwise (issue #10). */
  @Column({ type: 'text', nullable: true }) html: string | null;
  /** Issue #12: a structured card (a product) the message carries; the body says the same as text. */
  @Column({ type: 'jsonb', nullable: true }) card: MessageCard | null;
  /** Where an outbound message is on its channel (issue #10); null for messages not sent anywhere (web chat, notes, inbound). */
  @Column({ name: 'delivery_status', type: 'text', nullable: true }) deliveryStatus: DeliveryStatus | null;
  /** Why its delivery failed, in the provider's words. */
  @Column({ name: 'delivery_error', type: 'text', nullable: true }) deliveryError: string | null;
  /** Why the newest edit did not reach the reader's copy on the channel (Telegram refused it); null otherwise. */
  @Column({ name: 'edit_error', type: 'text', nullable: true }) editError: string | null;
}

/** An outbound message's state on its channel: queued < sent < delivered < read, or failed. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** What a message keeps of each of its attachments; the URL is made per reader. */
export type AttachmentMeta = Omit<ChatAttachment, 'url'>;

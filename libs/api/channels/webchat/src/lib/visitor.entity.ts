import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A browser that opened the widget; identified by a signed first-party token, never a URL. */
@Entity('visitors')
export class VisitorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ name: 'channel_id', type: 'uuid' }) channelId: string;
  @Column({ name: 'contact_id', type: 'uuid', nullable: true }) contactId: string | null;
  /** The visitor's current conversation; a new message after closing reopens it (SPEC A5). */
  @Column({ name: 'conversation_id', type: 'uuid', nullable: true }) conversationId: string | null;
  @Column({ name: 'last_page_url', type: 'text', nullable: true }) lastPageUrl: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt: Date;
}

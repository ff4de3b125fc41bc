import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Who a contact is on one kind of channel: a web chat visitor id, an e-mail address, a Telegram
 * user id, a WhatsApp number. One contact has several; an external id belongs to one contact of
 * the workspace per kind (unique (workspace_id, kind, external_id)).
 */
@Entity('contact_channel_identities')
export class ContactChannelIdentityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ name: 'contact_id', type: 'uuid' }) contactId: string;
  /** The channel kind (`channels.type`, `ChannelAdapter.kind`). */
  @Column({ type: 'text' }) kind: string;
  /** The channel it was seen on, when the kind has several channels per workspace (null: any / gone). */
  @Column({ name: 'channel_id', type: 'uuid', nullable: true }) channelId: string | null;
  @Column({ name: 'external_id', type: 'text' }) externalId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

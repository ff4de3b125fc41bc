import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A channel adapter's kind (`ChannelAdapter.kind`): 'webchat', 'email', 'telegram', 'whatsapp', … — any lower-case word. */
export type ChannelType = string;

/** One configured channel of a workspace; `settings` is the channel kind's own shape. */
@Entity('channels')
export class ChannelEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ type: 'text' }) type: ChannelType;
  @Column() name: string;
  @Column({ name: 'public_key' }) publicKey: string;
  @Column() active: boolean;
  @Column({ type: 'jsonb' }) settings: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

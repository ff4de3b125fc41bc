import { OperatorRole, OperatorStatus } from '@parley/shared/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('operators')
export class OperatorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column() email: string;
  @Column({ name: 'password_hash', select: false }) passwordHash: string;
  @Column({ name: 'display_name' }) displayName: string;
  @Column({ type: 'text' }) role: OperatorRole;
  @Column({ name: 'avatar_url', type: 'text', nullable: true }) avatarUrl: string | null;
  @Column({ name: 'sound_enabled' }) soundEnabled: boolean;
  @Column({ name: 'push_enabled' }) pushEnabled: boolean;
  /** Deactivated operators cannot sign in; their sessions are revoked (SPEC B2). */
  @Column({ default: true }) active: boolean;
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true }) deactivatedAt: Date | null;
  /** Language codes the operator speaks (SPEC B1). */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) languages: string[];
  /** SPEC B6; only `online` operators get new chats. */
  @Column({ type: 'text', default: OperatorStatus.online }) status: OperatorStatus;
  /** SPEC B5: most chats open at once; null = unlimited. */
  @Column({ name: 'max_chats', type: 'int', nullable: true }) maxChats: number | null;
  /** SPEC B6 weekly schedule ({ timezone, auto, ranges }), or null. */
  @Column({ name: 'working_hours', type: 'jsonb', nullable: true }) workingHours: { timezone: string; auto: boolean; ranges: Array<{ day: number; start: string; end: string }> } | null;
  /** Issue #10: appended to the operator's e-mail replies (plain text, escaped in the HTML part). */
  @Column({ name: 'email_signature', type: 'text', nullable: true }) emailSignature: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

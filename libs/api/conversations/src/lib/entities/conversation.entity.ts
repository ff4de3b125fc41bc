import { ConversationPriority, ConversationStatus } from '@parley/shared/contracts';
import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ name: 'channel_id', type: 'uuid' }) channelId: string;
  @Column({ name: 'contact_id', type: 'uuid' }) contactId: string;
  @Column({ type: 'text' }) status: ConversationStatus;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId: string | null;
  /** SPEC B3: the operator group (department) it is routed to; null = every agent's queue. */
  @Column({ name: 'group_id', type: 'uuid', nullable: true }) groupId: string | null;
  /** The highest message seq; bumped in the same transaction as the insert, so seqs are gapless. */
  @Column({ name: 'last_seq', type: 'int' }) lastSeq: number;
  @Column({ name: 'last_message_at', type: 'timestamptz' }) lastMessageAt: Date;
  @Column({ name: 'last_message_preview', type: 'text', nullable: true }) lastMessagePreview: string | null;
  /** Highest seq the visitor has seen / an operator has seen (SPEC A6 read marks). */
  @Column({ name: 'visitor_read_seq', type: 'int', default: 0 }) visitorReadSeq: number;
  @Column({ name: 'operator_read_seq', type: 'int', default: 0 }) operatorReadSeq: number;
  /** SPEC A4 priority; shown and filterable in the inbox. */
  @Column({ type: 'text', default: ConversationPriority.normal }) priority: ConversationPriority;
  /** Snoozed conversations leave the views until this time; a job wakes them (issue #4). */
  @Column({ name: 'snoozed_until', type: 'timestamptz', nullable: true }) snoozedUntil: Date | null;
  /** Operators invited into the conversation (SPEC B7): they see it like the assignee. Mirrors conversation_participants. */
  @Column({ name: 'participant_ids', type: 'uuid', array: true, default: () => "'{}'" }) participantIds: string[];
  /** Set on a conversation merged into another (it is then soft-deleted). */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId: string | null;
  /** SPEC D2: the bot scenario that runs (or ran) in this conversation, and the step it waits at while status = bot. */
  @Column({ name: 'bot_scenario_id', type: 'uuid', nullable: true }) botScenarioId: string | null;
  @Column({ name: 'bot_step_id', type: 'text', nullable: true }) botStepId: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  /** An e-mail thread's subject (issue #10); null on channels without subjects. */
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** Soft deletion (SPEC A12): TypeORM leaves these rows out of every find; raw SQL filters it itself. */
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}

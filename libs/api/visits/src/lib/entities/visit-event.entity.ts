import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type VisitEventKind = 'page' | 'event';

/** A page view (`page`: url, title) or a Parley.track event (`event`: name, data) of a visit. */
@Entity('visit_events')
export class VisitEventEntity {
  /** bigserial: TypeORM hands it over as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ name: 'visit_id', type: 'uuid' }) visitId: string;
  @Column({ type: 'text' }) kind: VisitEventKind;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'jsonb', nullable: true }) data: Record<string, unknown> | null;
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt: Date;
}

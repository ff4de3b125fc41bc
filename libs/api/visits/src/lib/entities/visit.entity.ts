import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One visit of a web chat visitor to the site (SPEC E8): opened by the first page view or event
 * after VISIT_IDLE_MS of silence. Owned by the visits domain (table `visits`).
 */
@Entity('visits')
export class VisitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ name: 'channel_id', type: 'uuid' }) channelId: string;
  /** The web chat visitor (`visitors.id`) whose browser made the visit. */
  @Column({ name: 'visitor_id', type: 'uuid' }) visitorId: string;
  @Column({ name: 'started_at', type: 'timestamptz', precision: 3 }) startedAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz', precision: 3 }) lastSeenAt: Date;
  @Column({ name: 'page_views', type: 'integer' }) pageViews: number;
  /** Page views and events kept as `visit_events` rows (at most MAX_EVENTS_PER_VISIT). */
  @Column({ name: 'events_stored', type: 'integer' }) eventsStored: number;
  @Column({ name: 'current_url', type: 'text', nullable: true }) currentUrl: string | null;
  @Column({ name: 'current_title', type: 'text', nullable: true }) currentTitle: string | null;
  @Column({ name: 'landing_url', type: 'text', nullable: true }) landingUrl: string | null;
  @Column({ type: 'text', nullable: true }) referrer: string | null;
  @Column({ name: 'utm_source', type: 'text', nullable: true }) utmSource: string | null;
  @Column({ name: 'utm_medium', type: 'text', nullable: true }) utmMedium: string | null;
  @Column({ name: 'utm_campaign', type: 'text', nullable: true }) utmCampaign: string | null;
  @Column({ type: 'text', nullable: true }) browser: string | null;
  @Column({ type: 'text', nullable: true }) os: string | null;
  @Column({ type: 'text', nullable: true }) language: string | null;
  @Column({ type: 'text', nullable: true }) screen: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person the workspace talks to (a client in CRM terms). Anonymous web chat visitors get one on their first message. */
@Entity('contacts')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  /** Issue #11: the parts of the name; `name` is what they compose (or what a channel learnt). */
  @Column({ name: 'first_name', type: 'text', nullable: true }) firstName?: string | null;
  @Column({ name: 'last_name', type: 'text', nullable: true }) lastName?: string | null;
  @Column({ name: 'middle_name', type: 'text', nullable: true }) middleName?: string | null;
  /** Issue #11: the address as one line; composed from the parts while `addressSplit`. */
  @Column({ type: 'text', nullable: true }) address?: string | null;
  @Column({ name: 'address_split', type: 'boolean', default: false }) addressSplit?: boolean;
  @Column({ name: 'postal_code', type: 'text', nullable: true }) postalCode?: string | null;
  @Column({ type: 'text', nullable: true }) city?: string | null;
  @Column({ type: 'text', nullable: true }) country?: string | null;
  @Column({ type: 'text', nullable: true }) region?: string | null;
  @Column({ type: 'text', nullable: true }) metro?: string | null;
  @Column({ type: 'text', nullable: true }) street?: string | null;
  @Column({ type: 'text', nullable: true }) house?: string | null;
  @Column({ type: 'text', nullable: true }) flat?: string | null;
  @Column({ type: 'text', nullable: true }) building?: string | null;
  @Column({ type: 'text', nullable: true }) entrance?: string | null;
  @Column({ type: 'text', nullable: true }) floor?: string | null;
  @Column({ type: 'text', nullable: true }) block?: string | null;
  /** SPEC C6: the operator who owns this client (set by a channel's acquisition settings or by hand). */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true }) ownerId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

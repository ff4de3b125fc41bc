import { Inject, Injectable } from '@nestjs/common';
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';

/** What changed on a client (issue #11): the panels showing it refetch that part. */
export enum ContactChangeKind {
  /** Name, phones, e-mails, address, owner, tags or custom field values. */
  updated = 'updated',
  note_added = 'note_added',
  note_updated = 'note_updated',
  note_deleted = 'note_deleted',
  /** A task of the client was created, edited, completed or reopened (only operators who see tasks get it). */
  task_changed = 'task_changed',
  /** A conversation was linked to this client, or moved away from it. */
  conversation_linked = 'conversation_linked',
  /** This client was merged into `survivorId` (it is gone), or another client into this one. */
  merged = 'merged',
  /** E7: the client's AI summary or its run changed (only operators who use AI tools get it). */
  summary_changed = 'summary_changed',
  /** Issue #12 (E3): a product was added to or removed from the client's list of interesting products. */
  products_changed = 'products_changed',
  /** Issue #12 (E5): an order of the client (or its draft) was created, saved, changed status, deleted or paid. */
  orders_changed = 'orders_changed',
}
registerEnumType(ContactChangeKind, { name: 'ContactChangeKind' });

/** On the bus (Topics.contact): JSON. */
export interface ContactChangeEvent {
  workspaceId: string;
  contactId: string;
  kind: ContactChangeKind;
  noteId?: string | null;
  taskId?: string | null;
  conversationId?: string | null;
  survivorId?: string | null;
  /** The operator who made the change (their own panel may skip the refetch). */
  actorId: string | null;
}

@ObjectType('ContactChange', { description: 'A change of a client another operator (or the caller) made; `contact` is its state now (null once merged away).' })
export class ContactChangeObject {
  @Field(() => ID) contactId: string;
  @Field(() => ContactChangeKind) kind: ContactChangeKind;
  @Field(() => ID, { nullable: true }) noteId: string | null;
  @Field(() => ID, { nullable: true }) taskId: string | null;
  @Field(() => ID, { nullable: true }) conversationId: string | null;
  @Field(() => ID, { nullable: true, description: 'After a merge: the client that remains.' }) survivorId: string | null;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  /** For `contact` (resolved per subscriber). */
  workspaceId: string;
}

/** The kinds that change what the client list shows. */
export const LIST_KINDS: ReadonlySet<ContactChangeKind> = new Set([ContactChangeKind.updated, ContactChangeKind.merged, ContactChangeKind.conversation_linked]);

/** Publishes client changes on Topics.contact(id) (and the list's on Topics.contacts(workspaceId)) — after the change is committed. */
@Injectable()
export class ClientEventsService {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  async publish(e: ContactChangeEvent): Promise<void> {
    try {
      await this.bus.publish<ContactChangeEvent>(Topics.contact(e.contactId), e);
      // the Clients page's rows show the card (name, phones, e-mails, owner, tags, fields), not notes or tasks
      if (LIST_KINDS.has(e.kind)) await this.bus.publish<ContactChangeEvent>(Topics.contacts(e.workspaceId), e);
    } catch {
      // the change is stored; an open panel shows it on its next load (and refetches on a bus gap)
    }
  }
}

export function toContactChange(e: ContactChangeEvent): ContactChangeObject {
  return {
    contactId: e.contactId,
    kind: e.kind,
    noteId: e.noteId ?? null,
    taskId: e.taskId ?? null,
    conversationId: e.conversationId ?? null,
    survivorId: e.survivorId ?? null,
    actorId: e.actorId ?? null,
    workspaceId: e.workspaceId,
  };
}

import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ContactChangeEvent, ContactChangeObject, toContactChange } from './client-events';
import { ClientConnectionObject, ClientFilterInput } from './client-list.input';
import { ClientListService } from './client-list.service';

/** Issue #11 (E2): the Clients page. Every operator of the workspace reads (observers too). */
@Resolver()
export class ClientListResolver {
  constructor(
    private readonly list: ClientListService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => ClientConnectionObject, {
    description:
      'The workspace’s clients, newest first (created, then id: edits never move a client between pages); keyset pagination with after = pageInfo.endCursor. BAD_USER_INPUT with extensions.field for a bad filter (unknown tag, owner or custom field, a wrong value for the field’s type, an empty or inverted range, a search under 3 characters) or cursor.',
  })
  clients(
    @CurrentUser() user: AuthUser,
    @Args('filter', { type: () => ClientFilterInput, nullable: true }) filter?: ClientFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: 30 }) first = 30,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ClientConnectionObject> {
    return this.list.list(user.workspaceId, filter, first, after);
  }

  @Subscription(() => ContactChangeObject, {
    description: 'Changes of any client of the workspace that its list row shows (kinds updated, conversation_linked, merged); the Clients page refetches the row (`contact`).',
    resolve: (e: ContactChangeEvent) => toContactChange(e),
  })
  async clientsChanged(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<ContactChangeEvent>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<ContactChangeEvent>(() => off());
    off = await this.bus.subscribe<ContactChangeEvent>(Topics.contacts(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}

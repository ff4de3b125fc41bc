import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IdentityService } from '@parley/api/identity';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { OperatorRole } from '@parley/shared/contracts';
import { SaveSidePanelLayoutInput, SetSidePanelWidgetsDisabledInput, SidePanelLayoutObject } from './side-panel.object';
import { SidePanelChangedEvent, SidePanelService } from './side-panel.service';

/** Issue #11 (E0): the side panel's layout — per operator, and the widgets admins disable for everyone. */
@Resolver(() => SidePanelLayoutObject)
export class SidePanelResolver {
  constructor(
    private readonly panel: SidePanelService,
    private readonly identity: IdentityService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => SidePanelLayoutObject, { description: 'The caller’s side panel: widget order, hidden and collapsed ones, and the widgets the workspace disabled.' })
  sidePanelLayout(@CurrentUser() user: AuthUser): Promise<SidePanelLayoutObject> {
    return this.panel.layout(user);
  }

  @Mutation(() => SidePanelLayoutObject, { description: 'Saves the caller’s order of the movable widgets and which are hidden or collapsed. BAD_USER_INPUT (field widgets, kind) for an unknown, repeated or pinned kind.' })
  saveSidePanelLayout(@CurrentUser() user: AuthUser, @Args('input') input: SaveSidePanelLayoutInput): Promise<SidePanelLayoutObject> {
    return this.panel.save(user, input.widgets);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => SidePanelLayoutObject, { description: 'Admins: the widgets disabled for the whole workspace (every other is enabled). Audited; every open panel follows live.' })
  async setSidePanelWidgetsDisabled(@CurrentUser() user: AuthUser, @Args('input') input: SetSidePanelWidgetsDisabledInput): Promise<SidePanelLayoutObject> {
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    return this.panel.setDisabled({ ...user, displayName: me?.displayName ?? null }, input.disabledKinds);
  }

  @Subscription(() => SidePanelLayoutObject, {
    description: 'The caller’s side panel each time it changes: saved on another of their devices, or widgets disabled or enabled by an admin.',
    resolve: (layout: SidePanelLayoutObject) => layout,
  })
  async sidePanelLayoutChanged(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<SidePanelLayoutObject>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<SidePanelLayoutObject>(() => off());
    off = await this.bus.subscribe<SidePanelChangedEvent>(Topics.sidePanel(user.workspaceId), (e) => {
      if (e.workspaceId !== user.workspaceId || (e.operatorId && e.operatorId !== user.operatorId)) return;
      this.panel.layout(user).then((layout) => queue.push(layout), () => undefined);
    });
    return queue.iterator;
  }
}

import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, RequirePermission } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { Permission } from '@parley/shared/contracts';
import {
  CatalogueFeedEventObject,
  CatalogueFeedEventPayload,
  CatalogueFeedObject,
  CatalogueFeedRejectionConnection,
  CatalogueFeedRunObject,
  CreateCatalogueFeedInput,
  UpdateCatalogueFeedInput,
} from './catalogue-feed.object';
import { CatalogueFeedsService, reviveFeedEvent } from './catalogue-feeds.service';

/** Issue #12 (E10): Settings › Catalogue — feeds, their imports and rejections. Needs “Manage catalogue” (admins, supervisors; FORBIDDEN otherwise). */
@RequirePermission(Permission.manage_catalogue)
@Resolver(() => CatalogueFeedObject)
export class CatalogueFeedsResolver {
  constructor(
    private readonly feeds: CatalogueFeedsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => [CatalogueFeedObject], { description: 'The workspace’s catalogue feeds (oldest first), each with its latest import.' })
  catalogueFeeds(@CurrentUser() user: AuthUser): Promise<CatalogueFeedObject[]> {
    return this.feeds.list(user);
  }

  @Query(() => CatalogueFeedObject)
  catalogueFeed(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<CatalogueFeedObject> {
    return this.feeds.get(user, id);
  }

  @Query(() => CatalogueFeedRunObject, { description: 'One import with its figures so far.' })
  catalogueFeedRun(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<CatalogueFeedRunObject> {
    return this.feeds.run(user, id);
  }

  @Query(() => CatalogueFeedRejectionConnection, { description: 'The offers an import rejected and why, in feed order; `first` 1–100, `after` the previous page’s endCursor.' })
  catalogueFeedRejections(
    @CurrentUser() user: AuthUser,
    @Args('runId', { type: () => ID }) runId: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CatalogueFeedRejectionConnection> {
    return this.feeds.rejections(user, runId, first, after);
  }

  @Mutation(() => CatalogueFeedObject, {
    description: 'Adds a feed: fetched from a URL (http/https, not a private or local address) or uploaded (POST /api/catalogue/feeds/:id/file). BAD_USER_INPUT names the field (name, source, url, scheduleHours). Audited.',
  })
  createCatalogueFeed(@CurrentUser() user: AuthUser, @Args('input') input: CreateCatalogueFeedInput): Promise<CatalogueFeedObject> {
    return this.feeds.create(user, input);
  }

  @Mutation(() => CatalogueFeedObject, { description: 'Renames a feed, changes its URL or schedule. BAD_USER_INPUT names the field. Audited.' })
  updateCatalogueFeed(@CurrentUser() user: AuthUser, @Args('input') input: UpdateCatalogueFeedInput): Promise<CatalogueFeedObject> {
    return this.feeds.update(user, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a feed and its imports; the products it imported stay (no longer linked to a feed). Audited.' })
  deleteCatalogueFeed(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.feeds.remove(user, id);
  }

  @Mutation(() => CatalogueFeedRunObject, { description: '“Import now”: queues an import (progress on catalogueFeedEvents). One per feed at a time: asking while one is queued or running returns it.' })
  importCatalogueFeed(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<CatalogueFeedRunObject> {
    return this.feeds.importNow(user, id);
  }

  @Subscription(() => CatalogueFeedEventObject, { description: 'The workspace’s feeds saved or deleted, and their imports’ progress.', resolve: (e: CatalogueFeedEventPayload) => reviveFeedEvent(e) })
  async catalogueFeedEvents(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<CatalogueFeedEventPayload>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<CatalogueFeedEventPayload>(() => off());
    off = await this.bus.subscribe<CatalogueFeedEventPayload>(Topics.catalogueFeeds(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}

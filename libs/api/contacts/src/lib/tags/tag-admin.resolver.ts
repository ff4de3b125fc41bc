import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { DeleteTagInput, UpdateTagInput } from './tag-admin.input';
import { TagAdminService } from './tag-admin.service';
import { TagEventObject, TagEventPayload, TagImpactObject, TagJobObject } from './tag-event';
import { TagObject } from './tag.object';
import { TagsService } from './tags.service';

/** E1: the tag typeahead, an admin's tag rename / recolour / delete jobs and the live tag events. */
@Resolver(() => TagObject)
export class TagAdminResolver {
  constructor(
    private readonly tags: TagsService,
    private readonly admin: TagAdminService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => [TagObject], { description: 'E1 typeahead: tags whose name contains `query` (case-insensitive), prefix matches first. `first` 1–50.' })
  searchTags(@CurrentUser() user: AuthUser, @Args('query') query: string, @Args('first', { type: () => Int, defaultValue: 10 }) first: number): Promise<TagObject[]> {
    return this.tags.search(user.workspaceId, query, first);
  }

  @Query(() => TagImpactObject, { description: 'E1 (admins): how many clients and conversations a rename / recolour / delete of this tag touches.' })
  tagImpact(@CurrentUser() user: AuthUser, @Args('tagId', { type: () => ID }) tagId: string): Promise<TagImpactObject> {
    return this.admin.impact(user, tagId);
  }

  @Query(() => TagJobObject, { description: 'E1 (admins): one tag job (its state and progress).' })
  tagJob(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<TagJobObject> {
    return this.admin.job(user, id);
  }

  @Query(() => TagJobObject, { nullable: true, description: 'E1: the tag job running in the workspace (other tag edits wait for it), or null.' })
  runningTagJob(@CurrentUser() user: AuthUser): Promise<TagJobObject | null> {
    return this.admin.running(user);
  }

  @Mutation(() => TagJobObject, {
    description:
      'E1 (admins): renames and / or recolours a tag for every client and conversation, as a background job (progress on tagEvents). BAD_USER_INPUT on name / color; NOT_FOUND for an unknown tag; TAG_JOB_RUNNING while another tag job runs.',
  })
  updateTag(@CurrentUser() user: AuthUser, @Args('input') input: UpdateTagInput): Promise<TagJobObject> {
    return this.admin.startUpdate(user, input.tagId, input.name, input.color);
  }

  @Mutation(() => TagJobObject, { description: 'E1 (admins): deletes a tag from every client and conversation, then from the catalog, as a background job. TAG_JOB_RUNNING while another tag job runs.' })
  deleteTag(@CurrentUser() user: AuthUser, @Args('input') input: DeleteTagInput): Promise<TagJobObject> {
    return this.admin.startDelete(user, input.tagId);
  }

  @Subscription(() => TagEventObject, { description: "E1: the workspace's tags created, renamed, recoloured, deleted, and tag job progress.", resolve: (e: TagEventPayload) => ({ kind: e.kind, tag: e.tag, job: e.job }) })
  async tagEvents(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<TagEventPayload>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<TagEventPayload>(() => off());
    off = await this.bus.subscribe<TagEventPayload>(Topics.tags(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}

import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdentityService, OperatorObject } from '@parley/api/identity';
import { AuthUser, CurrentUser, GqlContext, RequirePermission } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { Permission } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { CreateTaskInput, SetTaskCompletedInput, UpdateTaskInput } from './task.input';
import { TaskConnectionObject, TaskObject } from './task.object';
import { TasksService } from './tasks.service';

/** Issue #11 (E4): tasks. Every operation needs "See tasks" (FORBIDDEN otherwise); observers who hold it read only. */
@RequirePermission(Permission.see_tasks)
@Resolver(() => TaskObject)
export class TasksResolver {
  constructor(
    private readonly service: TasksService,
    private readonly identity: IdentityService,
  ) {}

  @Query(() => TaskConnectionObject, { description: 'Open tasks (with `includeCompleted` the done ones too), soonest due first; of one client, or of the workspace. `mine`: the caller is the assignee (tab Mine).' })
  tasks(
    @CurrentUser() user: AuthUser,
    @Args('contactId', { type: () => ID, nullable: true }) contactId?: string | null,
    @Args('mine', { type: () => Boolean, nullable: true }) mine?: boolean | null,
    @Args('includeCompleted', { type: () => Boolean, nullable: true }) includeCompleted?: boolean | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<TaskConnectionObject> {
    return this.service.list(user, { contactId, mine, includeCompleted, first, after });
  }

  @Query(() => [OperatorObject], { description: 'Whom a task can be for: the active operators of the workspace who see tasks, by name (the task drawer’s assignee list).' })
  taskAssignees(@CurrentUser() user: AuthUser): Promise<OperatorObject[]> {
    return this.service.assignees(user);
  }

  @Query(() => TaskObject)
  task(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<TaskObject> {
    return this.service.get(user, id);
  }

  @Mutation(() => TaskObject, { description: 'Creates a task on a client. BAD_USER_INPUT names the field (title, dueAt, assigneeId, contactId; orderNumber until orders exist).' })
  createTask(@CurrentUser() user: AuthUser, @Args('input') input: CreateTaskInput): Promise<TaskObject> {
    return this.service.create(user, input);
  }

  @Mutation(() => TaskObject, { description: 'Edits a task (omitted fields stay).' })
  updateTask(@CurrentUser() user: AuthUser, @Args('input') input: UpdateTaskInput): Promise<TaskObject> {
    const { id, ...change } = input;
    return this.service.update(user, id, change);
  }

  @Mutation(() => TaskObject, { description: 'Ticks a task done, or reopens it.' })
  setTaskCompleted(@CurrentUser() user: AuthUser, @Args('input') input: SetTaskCompletedInput): Promise<TaskObject> {
    return this.service.setCompleted(user, input.id, input.completed);
  }

  @ResolveField(() => OperatorObject, { nullable: true, description: 'The operator the task is for.' })
  assignee(@Parent() task: TaskObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<OperatorObject | null> {
    return loaderFor(ctx, 'taskAssignees', () => new DataLoader<string, OperatorObject | null>(async (ids) => byKeys(ids, await this.identity.findOperatorsByIds(user.workspaceId, ids), (r) => r.id))).load(task.assigneeId);
  }
}

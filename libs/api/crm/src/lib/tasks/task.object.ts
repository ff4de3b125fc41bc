import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PageInfoObject } from '@parley/api/platform/graphql';

@ObjectType('Task', { description: 'A task on a client (E4): due time, assignee, done or not. Only operators who "see tasks" see it.' })
export class TaskObject {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true }) contactId: string | null;
  @Field(() => String, { nullable: true, description: 'The order it is about, once orders exist (always null until then).' }) orderNumber: string | null;
  @Field() title: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() dueAt: Date;
  @Field(() => ID) assigneeId: string;
  @Field(() => ID, { nullable: true }) authorId: string | null;
  @Field(() => String, { nullable: true }) authorName: string | null;
  @Field() completed: boolean;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the assignee was told it is due (once per due time).' }) notifiedAt: Date | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType('TaskConnection')
export class TaskConnectionObject {
  @Field(() => [TaskObject], { description: 'Soonest due first.' }) nodes: TaskObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
}

import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TagMatch } from '@parley/shared/contracts';
import { TagObject } from './tag.object';

registerEnumType(TagMatch, { name: 'TagMatch', description: 'E1: a filter with several tags matches any of them or all of them.' });

export enum TagJobKind {
  /** Rename and / or recolour. */
  update = 'update',
  delete = 'delete',
}
registerEnumType(TagJobKind, { name: 'TagJobKind' });

export enum TagJobState {
  running = 'running',
  done = 'done',
  failed = 'failed',
}
registerEnumType(TagJobState, { name: 'TagJobState' });

@ObjectType('TagJob', { description: "E1: an admin's rename / recolour / delete of a tag for every client, run in the background in set-based batches." })
export class TagJobObject {
  @Field(() => ID) id: string;
  @Field(() => ID) tagId: string;
  @Field(() => TagJobKind) kind: TagJobKind;
  @Field(() => TagJobState) state: TagJobState;
  @Field() oldName: string;
  @Field() oldColor: string;
  @Field(() => String, { nullable: true, description: 'The new name (update; null: unchanged).' }) name: string | null;
  @Field(() => String, { nullable: true, description: 'The new colour (update; null: unchanged).' }) color: string | null;
  @Field(() => Int, { description: 'Clients that had the tag when the job started.' }) clients: number;
  @Field(() => Int, { description: 'Conversations that had the tag when the job started.' }) conversations: number;
  @Field(() => Int, { description: 'Rows done so far, out of clients + conversations.' }) processed: number;
  @Field(() => Int) total: number;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => String, { nullable: true }) actorName: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('TagImpact', { description: 'E1: what a rename / recolour / delete of this tag touches (the confirmation says it).' })
export class TagImpactObject {
  @Field(() => TagObject) tag: TagObject;
  @Field(() => Int) clients: number;
  @Field(() => Int) conversations: number;
}

export enum TagEventKind {
  tag_created = 'tag_created',
  tag_updated = 'tag_updated',
  tag_deleted = 'tag_deleted',
  /** A job started, advanced a batch, finished or failed (`job`). */
  job_progress = 'job_progress',
}
registerEnumType(TagEventKind, { name: 'TagEventKind' });

/** On the bus (Topics.tags): JSON. */
export interface TagEventPayload {
  workspaceId: string;
  kind: TagEventKind;
  tag: TagObject | null;
  job: TagJobObject | null;
}

@ObjectType('TagEvent', { description: "E1: the workspace's tag catalog changed, or a tag job progressed." })
export class TagEventObject {
  @Field(() => TagEventKind) kind: TagEventKind;
  @Field(() => TagObject, { nullable: true, description: 'The tag as it is now (tag_deleted: as it was).' }) tag: TagObject | null;
  @Field(() => TagJobObject, { nullable: true }) job: TagJobObject | null;
}

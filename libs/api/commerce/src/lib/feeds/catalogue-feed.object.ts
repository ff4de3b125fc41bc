import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoObject, registerCheckedEnumType } from '@parley/api/platform/graphql';
import { FeedFormat, FeedRunState, FeedRunTrigger, FeedSource } from '@parley/shared/contracts';
import { Allow, IsOptional } from 'class-validator';

registerCheckedEnumType(FeedSource, { name: 'CatalogueFeedSource', description: 'E10: where a feed comes from — url (fetched by the server) or upload (a file an admin uploaded).' });
registerEnumType(FeedFormat, { name: 'CatalogueFeedFormat', description: 'E10: yml (Yandex Market Language) or google (Google Merchant RSS 2.0).' });
registerEnumType(FeedRunState, { name: 'CatalogueFeedRunState', description: 'E10: an import is queued, running, done or failed.' });
registerEnumType(FeedRunTrigger, { name: 'CatalogueFeedRunTrigger', description: 'E10: what started an import — manual (Import now), upload (a new file) or schedule.' });

@ObjectType('CatalogueFeedRun', { description: 'Issue #12 (E10): one import of a catalogue feed, run as a background job; its figures grow live (catalogueFeedEvents).' })
export class CatalogueFeedRunObject {
  @Field(() => ID) id: string;
  @Field(() => ID) feedId: string;
  @Field(() => FeedRunState) state: FeedRunState;
  @Field(() => FeedRunTrigger) trigger: FeedRunTrigger;
  @Field(() => FeedFormat, { nullable: true, description: 'The format the feed turned out to be.' }) format: FeedFormat | null;
  @Field(() => Float, { description: 'Bytes of the feed read so far (as received).' }) bytesRead: number;
  @Field(() => Float, { nullable: true, description: 'The feed’s size when known (Content-Length, the uploaded file’s size).' }) bytesTotal: number | null;
  @Field(() => Int, { description: 'Offers read so far, good and rejected.' }) offersSeen: number;
  @Field(() => Int) offersCreated: number;
  @Field(() => Int, { description: 'Products the import changed.' }) offersUpdated: number;
  @Field(() => Int, { description: 'Products the feed has as they already were (not written).' }) offersUnchanged: number;
  @Field(() => Int, { description: 'Offers rejected (all of them; the first 1000 are kept with their reasons).' }) offersRejected: number;
  @Field(() => Int, { description: 'The feed’s products this run did not see, made inactive (a run that was read to its end).' }) productsDeactivated: number;
  @Field(() => String, { nullable: true, description: 'A failed run: why, for people (malformed XML and its line, a refused address, too large…).' }) error: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('CatalogueFeed', { description: 'Issue #12 (E10): a catalogue feed (YML or Google Merchant XML) imported into the workspace’s products.' })
export class CatalogueFeedObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => FeedSource) source: FeedSource;
  @Field(() => String, { nullable: true, description: 'source url: the address the server fetches.' }) url: string | null;
  @Field(() => String, { nullable: true, description: 'source upload: the last uploaded file’s name (null: none yet).' }) uploadName: string | null;
  @Field(() => Float, { nullable: true }) uploadSize: number | null;
  @Field(() => Date, { nullable: true }) uploadedAt: Date | null;
  @Field(() => FeedFormat, { nullable: true, description: 'As the last import found it.' }) format: FeedFormat | null;
  @Field(() => Int, { nullable: true, description: 'Re-imported every this many hours (url feeds); null: only on demand.' }) scheduleHours: number | null;
  @Field(() => Date, { nullable: true, description: 'When the next scheduled import is due.' }) nextRunAt: Date | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => CatalogueFeedRunObject, { nullable: true, description: 'The latest import (running or finished).' }) lastRun: CatalogueFeedRunObject | null;
}

@ObjectType('CatalogueFeedRejection', { description: 'E10: an offer an import rejected, and why.' })
export class CatalogueFeedRejectionObject {
  @Field(() => Int, { description: 'Its place among the run’s rejections (1, 2, …).' }) seq: number;
  @Field(() => String, { nullable: true, description: 'The offer’s id in the feed (null: it had none).' }) offerId: string | null;
  @Field(() => Int, { description: 'The line of the feed where the offer starts.' }) line: number;
  @Field() reason: string;
}

@ObjectType('CatalogueFeedRejectionConnection')
export class CatalogueFeedRejectionConnection {
  @Field(() => [CatalogueFeedRejectionObject]) items: CatalogueFeedRejectionObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
  @Field(() => Int, { description: 'Rejections the run counted (more than are kept when over 1000).' }) totalCount: number;
}

export enum CatalogueFeedEventKind {
  feed_saved = 'feed_saved',
  feed_deleted = 'feed_deleted',
  /** An import was queued, progressed a batch, finished or failed (`run`). */
  run_progress = 'run_progress',
}
registerEnumType(CatalogueFeedEventKind, { name: 'CatalogueFeedEventKind' });

/** On the bus (Topics.catalogueFeeds): JSON (dates as strings). */
export interface CatalogueFeedEventPayload {
  workspaceId: string;
  kind: CatalogueFeedEventKind;
  feedId: string;
  feed: CatalogueFeedObject | null;
  run: CatalogueFeedRunObject | null;
}

@ObjectType('CatalogueFeedEvent', { description: 'E10: a feed of the workspace was saved or deleted, or one of its imports progressed.' })
export class CatalogueFeedEventObject {
  @Field(() => CatalogueFeedEventKind) kind: CatalogueFeedEventKind;
  @Field(() => ID) feedId: string;
  @Field(() => CatalogueFeedObject, { nullable: true }) feed: CatalogueFeedObject | null;
  @Field(() => CatalogueFeedRunObject, { nullable: true }) run: CatalogueFeedRunObject | null;
}

@InputType()
export class CreateCatalogueFeedInput {
  @Field({ description: '1–100 characters.' }) @Allow() name: string;
  @Field(() => FeedSource) @Allow() source: FeedSource;
  @Field(() => String, { nullable: true, description: 'source url: http(s), not to a private or local address.' }) @IsOptional() @Allow() url?: string | null;
  @Field(() => Int, { nullable: true, description: 'Re-import every 1–720 hours (url feeds); null: only on demand.' }) @IsOptional() @Allow() scheduleHours?: number | null;
}

@InputType()
export class UpdateCatalogueFeedInput {
  @Field(() => ID) @Allow() id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() name?: string | null;
  @Field(() => String, { nullable: true, description: 'url feeds only.' }) @IsOptional() @Allow() url?: string | null;
  @Field(() => Int, { nullable: true, description: 'Given as null: no schedule; left out: unchanged.' }) @IsOptional() @Allow() scheduleHours?: number | null;
}

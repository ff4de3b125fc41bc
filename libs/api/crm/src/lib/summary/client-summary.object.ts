import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SummaryRunState } from '@parley/shared/contracts';
import { Allow, IsOptional } from 'class-validator';

registerEnumType(SummaryRunState, { name: 'SummaryRunState', description: 'Where a “Summarise” run is: queued, collecting (reading the messages), asking (waiting for the provider), done or failed.' });

@ObjectType('ClientSummary', { description: 'Issue #11 (E7): the saved AI summary of a client’s conversation history.' })
export class ClientSummaryObject {
  @Field() text: string;
  @Field({ description: 'The first (oldest) message the summary covers.' }) periodFrom: Date;
  @Field({ description: 'The last (newest) message it covers.' }) periodTo: Date;
  @Field(() => Int, { description: 'Messages sent to the model for the latest run (a refresh: the new ones).' }) messagesUsed: number;
  @Field({ description: 'Older history did not fit the token budget and was left out.' }) olderLeftOut: boolean;
  @Field() language: string;
  @Field() model: string;
  @Field(() => Int, { description: 'The latest prompt’s tokens, counted before sending.' }) promptTokens: number;
  @Field(() => String, { nullable: true, description: 'Who asked for the latest version.' }) authorName: string | null;
  @Field({ description: 'When it was first made.' }) createdAt: Date;
  @Field({ description: 'When it was last made or refreshed.' }) updatedAt: Date;
}

@ObjectType('ClientSummaryRun', { description: 'One “Summarise” (or refresh), run as a queued job.' })
export class ClientSummaryRunObject {
  @Field(() => ID) id: string;
  @Field(() => ID) contactId: string;
  @Field(() => SummaryRunState) state: SummaryRunState;
  @Field() refresh: boolean;
  @Field(() => String, { nullable: true, description: 'A failed run: AI_NOT_CONFIGURED, AI_AUTH_FAILED, AI_RATE_LIMITED, AI_TIMEOUT, AI_PROVIDER_ERROR, NO_MESSAGES, INTERRUPTED.' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: 'A failed run: what happened, for people.' }) error: string | null;
  @Field(() => Int, { nullable: true, description: 'AI_RATE_LIMITED: the seconds the provider asked to wait, when it said.' }) retryAfterSeconds: number | null;
  @Field(() => String, { nullable: true, description: 'A done run that found nothing new since the last summary says so here.' }) notice: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('ClientSummaryState', { description: 'What the summary widget shows: whether summaries are on, the saved summary, the latest run.' })
export class ClientSummaryStateObject {
  @Field(() => ID) contactId: string;
  @Field({ description: 'An admin switched summaries on and set the endpoint (Settings › AI tools).' }) available: boolean;
  @Field(() => ClientSummaryObject, { nullable: true }) summary: ClientSummaryObject | null;
  @Field(() => ClientSummaryRunObject, { nullable: true, description: 'The latest run (running, or finished in the last hour).' }) run: ClientSummaryRunObject | null;
}

@InputType()
export class SummarizeClientInput {
  @Field(() => ID) @Allow() contactId: string;
  @Field(() => Boolean, { nullable: true, description: 'Refresh the saved summary with the messages since it (with the previous summary); otherwise summarise anew.' }) @IsOptional() @Allow() refresh?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The language to write in (the operator’s, e.g. en, pl, pt-BR); English by default.' }) @IsOptional() @Allow() language?: string | null;
}

import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { registerCheckedEnumType } from '@parley/api/platform/graphql';
import { BotButtonAction } from '@parley/shared/contracts';
import { Allow } from 'class-validator';

registerCheckedEnumType(BotButtonAction, { name: 'BotButtonAction', description: 'step: go to targetStepId; operator: hand the chat over to the queue; close: send the closing message and close the chat.' });

// Rules live in validateBotScenario (shared with the admin editor), reported per field path
// (extensions.fieldErrors); @Allow keeps the global ValidationPipe's whitelist from stripping fields.

@ObjectType('BotButton')
export class BotButtonObject {
  @Field(() => ID) id: string;
  @Field() label: string;
  @Field(() => BotButtonAction) action: BotButtonAction;
  @Field(() => ID, { nullable: true, description: 'The step it leads to (action = step)' }) targetStepId?: string | null;
}

@ObjectType('BotStep')
export class BotStepObject {
  @Field(() => ID) id: string;
  @Field() message: string;
  @Field(() => [BotButtonObject]) buttons: BotButtonObject[];
}

@ObjectType('BotScenario', { description: 'SPEC D2: a bot scenario (a tree of steps with answer buttons).' })
export class BotScenarioObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID) startStepId: string;
  @Field({ description: 'Sent when the scenario ends or a close button is chosen; empty = none' }) closingMessage: string;
  @Field(() => [BotStepObject]) steps: BotStepObject[];
  @Field() updatedAt: Date;
}

@InputType()
export class BotButtonInput {
  @Field(() => String) @Allow() id: string;
  @Field() @Allow() label: string;
  @Field(() => BotButtonAction) @Allow() action: string;
  @Field(() => String, { nullable: true }) @Allow() targetStepId?: string | null;
}

@InputType()
export class BotStepInput {
  @Field(() => String) @Allow() id: string;
  @Field() @Allow() message: string;
  @Field(() => [BotButtonInput]) @Allow() buttons: BotButtonInput[];
}

@InputType()
export class SaveBotScenarioInput {
  @Field(() => ID, { nullable: true, description: 'Omitted: a new scenario' }) @Allow() id?: string | null;
  @Field() @Allow() name: string;
  @Field(() => String) @Allow() startStepId: string;
  @Field() @Allow() closingMessage: string;
  @Field(() => [BotStepInput]) @Allow() steps: BotStepInput[];
}

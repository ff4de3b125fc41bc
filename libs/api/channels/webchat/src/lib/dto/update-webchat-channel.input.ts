import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { WebchatLanguageEnum, WebchatLauncherIconEnum, WebchatLauncherShapeEnum, WebchatPositionEnum } from './webchat-enums';
import { Allow } from 'class-validator';
import { DisplayRulesInput, PreChatInput } from './widget-features.dto';

// Field rules live in validateWebchatPatch (one message per field path); @Allow keeps the
// global ValidationPipe's whitelist from stripping the fields. The enum fields are typed string here:
// an unknown value reaches the validator, which names the field (registerCheckedEnumType).

@InputType()
export class WebchatTextsInput {
  @Field(() => WebchatLanguageEnum) @Allow() language: string;
  @Field() @Allow() header: string;
  @Field() @Allow() welcome: string;
}

@InputType()
export class WebchatColorsInput {
  @Field() @Allow() header: string;
  @Field() @Allow() launcher: string;
  @Field() @Allow() operatorBubble: string;
  @Field() @Allow() visitorBubble: string;
  @Field() @Allow() text: string;
}

@InputType({ description: 'SPEC C6: what every contact the chat acquires gets.' })
export class ContactAcquisitionInput {
  @Field({ description: "Tag name ('' = none); created in the workspace catalog when missing. At most 40 characters." }) @Allow() tag: string;
  @Field(() => ID, { nullable: true, description: 'An active operator of the workspace who becomes the owner of contacts that have none; null = none.' }) @Allow() ownerId?: string | null;
}

@InputType()
export class WebchatSettingsInput {
  @Field({ description: 'SPEC C9: run the bot scenario on new conversations (needs botScenarioId)' }) @Allow() botEnabled: boolean;
  @Field(() => ID, { nullable: true, description: "A bot scenario of the workspace; BAD_USER_INPUT field botScenarioId when unknown and the bot is on" }) @Allow() botScenarioId?: string | null;
  @Field() @Allow() companyName: string;
  @Field() @Allow() avatarUrl: string;
  @Field(() => WebchatLanguageEnum) @Allow() defaultLanguage: string;
  @Field(() => [WebchatTextsInput]) @Allow() texts: WebchatTextsInput[];
  @Field() @Allow() inputPlaceholder: string;
  @Field(() => WebchatColorsInput) @Allow() colors: WebchatColorsInput;
  @Field(() => Int) @Allow() radius: number;
  @Field(() => WebchatLauncherIconEnum) @Allow() launcherIcon: string;
  @Field(() => WebchatLauncherShapeEnum) @Allow() launcherShape: string;
  @Field() @Allow() hideLauncher: boolean;
  @Field(() => WebchatPositionEnum) @Allow() position: string;
  @Field() @Allow() showOperatorIdentity: boolean;
  @Field(() => PreChatInput, { nullable: true, description: 'Omitted: unchanged' }) @Allow() preChat?: PreChatInput | null;
  @Field(() => DisplayRulesInput, { nullable: true, description: 'Omitted: unchanged' }) @Allow() displayRules?: DisplayRulesInput | null;
  @Field(() => ContactAcquisitionInput, { nullable: true, description: 'Omitted: unchanged' }) @Allow() acquisition?: ContactAcquisitionInput | null;
}

@InputType()
export class UpdateWebchatChannelInput {
  @Field(() => ID) @Allow() id: string;
  @Field() @Allow() name: string;
  @Field({ description: 'false switches the chat off: connected widgets hide, new ones get CHANNEL_INACTIVE' }) @Allow() active: boolean;
  @Field(() => WebchatSettingsInput) @Allow() settings: WebchatSettingsInput;
}

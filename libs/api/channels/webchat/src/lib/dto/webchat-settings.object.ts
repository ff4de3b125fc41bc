import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LauncherIcon, LauncherShape, WebchatLanguage, WidgetPosition } from '@parley/shared/contracts';
import { WebchatLanguageEnum, WebchatLauncherIconEnum, WebchatLauncherShapeEnum, WebchatPositionEnum } from './webchat-enums';
import { DisplayRulesObject, PreChatObject } from './widget-features.dto';

@ObjectType('WebchatTexts', { description: 'Header and welcome text of one language.' })
export class WebchatTextsObject {
  @Field(() => WebchatLanguageEnum, { description: 'Language code, e.g. en, pl, de' }) language: WebchatLanguage;
  @Field({ description: 'Line under the company name in the widget header' }) header: string;
  @Field({ description: 'First bubble of the chat; empty hides it' }) welcome: string;
}

@ObjectType('WebchatColors', { description: 'Colours as #rgb or #rrggbb.' })
export class WebchatColorsObject {
  @Field() header: string;
  @Field() launcher: string;
  @Field() operatorBubble: string;
  @Field() visitorBubble: string;
  @Field() text: string;
}

@ObjectType('ContactAcquisition', { description: 'SPEC C6: the tag and owner every contact acquired through the chat gets.' })
export class ContactAcquisitionObject {
  @Field({ description: "Tag name; '' = none" }) tag: string;
  @Field(() => ID, { nullable: true, description: 'Owner (an operator) of acquired contacts that have none; null = none' }) ownerId: string | null;
}

@ObjectType('WebchatSettings', { description: 'The web chat window settings (SPEC C1, C9).' })
export class WebchatSettingsObject {
  @Field(() => Int) version: number;
  @Field({ description: 'SPEC C9: the bot runs botScenarioId on new conversations' }) botEnabled: boolean;
  @Field(() => ID, { nullable: true, description: 'SPEC D2: the bot scenario the bot runs' }) botScenarioId: string | null;
  @Field({ description: 'Company or consultant name in the header; empty shows the channel name' }) companyName: string;
  @Field({ description: 'https URL of the default avatar, or empty' }) avatarUrl: string;
  @Field(() => WebchatLanguageEnum) defaultLanguage: WebchatLanguage;
  @Field(() => [WebchatTextsObject]) texts: WebchatTextsObject[];
  @Field() inputPlaceholder: string;
  @Field(() => WebchatColorsObject) colors: WebchatColorsObject;
  @Field(() => Int, { description: 'Corner rounding in px, 0–24' }) radius: number;
  @Field(() => WebchatLauncherIconEnum) launcherIcon: LauncherIcon;
  @Field(() => WebchatLauncherShapeEnum) launcherShape: LauncherShape;
  @Field({ description: 'The site opens the chat with its own button via Parley.open()' }) hideLauncher: boolean;
  @Field(() => WebchatPositionEnum) position: WidgetPosition;
  @Field({ description: 'Replace the company name/avatar with the operator who takes the chat (B9)' }) showOperatorIdentity: boolean;
  @Field(() => PreChatObject) preChat: PreChatObject;
  @Field(() => DisplayRulesObject) displayRules: DisplayRulesObject;
  @Field(() => ContactAcquisitionObject) acquisition: ContactAcquisitionObject;
}

import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { OfflineFormFieldKey } from '@parley/shared/contracts';
import { OfflineFormFieldKeyEnum } from '../dto/webchat-enums';
import { Allow } from 'class-validator';

// Field rules live in validateMailSettings (one message per field path); @Allow keeps the
// global ValidationPipe's whitelist from stripping the fields.

@ObjectType('OfflineFormField')
export class OfflineFormFieldObject {
  @Field(() => OfflineFormFieldKeyEnum) key: OfflineFormFieldKey;
  @Field() required: boolean;
}

@ObjectType('OfflineFormColors')
export class OfflineFormColorsObject {
  @Field() header: string;
  @Field() button: string;
}

@ObjectType('OfflineForm', { description: 'SPEC C2: the form shown when no operator is available.' })
export class OfflineFormObject {
  @Field() enabled: boolean;
  @Field(() => [OfflineFormFieldObject]) fields: OfflineFormFieldObject[];
  @Field() title: string;
  @Field() intro: string;
  @Field(() => OfflineFormColorsObject) colors: OfflineFormColorsObject;
}

@ObjectType('MarketingConsentSettings')
export class MarketingConsentObject {
  @Field({ description: 'Show the consent checkbox; ticking it sends a double opt-in e-mail (SPEC C8)' }) enabled: boolean;
  @Field({ description: 'Checkbox label' }) text: string;
}

@ObjectType('WebchatMailSettings', { description: 'Offline form, notification e-mails, reply sender and marketing consent of a web chat channel.' })
export class WebchatMailSettingsObject {
  @Field(() => OfflineFormObject) offlineForm: OfflineFormObject;
  @Field(() => [String], { description: 'Told by e-mail about each message left through the offline form' }) notifyEmails: string[];
  @Field({ description: 'SPEC C7: sender address of operator answers e-mailed to visitors who left; empty = off' }) replyFrom: string;
  @Field(() => MarketingConsentObject) marketingConsent: MarketingConsentObject;
}

@InputType()
export class OfflineFormFieldInput {
  @Field(() => OfflineFormFieldKeyEnum) @Allow() key: string;
  @Field() @Allow() required: boolean;
}

@InputType()
export class OfflineFormColorsInput {
  @Field() @Allow() header: string;
  @Field() @Allow() button: string;
}

@InputType()
export class OfflineFormInput {
  @Field() @Allow() enabled: boolean;
  @Field(() => [OfflineFormFieldInput]) @Allow() fields: OfflineFormFieldInput[];
  @Field() @Allow() title: string;
  @Field() @Allow() intro: string;
  @Field(() => OfflineFormColorsInput) @Allow() colors: OfflineFormColorsInput;
}

@InputType()
export class MarketingConsentInput {
  @Field() @Allow() enabled: boolean;
  @Field() @Allow() text: string;
}

@InputType()
export class UpdateWebchatMailSettingsInput {
  @Field(() => ID) @Allow() channelId: string;
  @Field(() => OfflineFormInput) @Allow() offlineForm: OfflineFormInput;
  @Field(() => [String]) @Allow() notifyEmails: string[];
  @Field() @Allow() replyFrom: string;
  @Field(() => MarketingConsentInput) @Allow() marketingConsent: MarketingConsentInput;
}

import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ChannelCapabilities', { description: "What the channel's kind can do (from its adapter); all false for a kind Parley cannot serve yet." })
export class ChannelCapabilitiesObject {
  @Field({ description: 'An operator may edit a sent message: the reader sees the edit (web chat).' }) editable: boolean;
  @Field({ description: 'Put on a site by an embed code or opened by a direct link; has widget settings (web chat).' }) embeddable: boolean;
  @Field({ description: 'The channel reports when the reader has read a message.' }) readReceipts: boolean;
  @Field({ description: 'A reader who left gets the reply by e-mail.' }) emailsRepliesWhenAway: boolean;
  @Field(() => Int, { nullable: true, description: "Replies are possible only this many hours after the contact last wrote (WhatsApp's 24-hour window); null: any time." })
  replyWindowHours?: number | null;
}

@ObjectType('Channel')
export class ChannelObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() type: string;
  @Field() publicKey: string;
  @Field() active: boolean;
}

import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SearchHitKind {
  message = 'message',
  contact = 'contact',
}
registerEnumType(SearchHitKind, { name: 'SearchHitKind', description: 'message: a message body matched; contact: the contact name, e-mail or phone matched' });

@ObjectType('HighlightSegment', { description: 'A piece of a hit’s text; render as text, mark the `match` pieces.' })
export class HighlightSegmentObject {
  @Field() text: string;
  @Field() match: boolean;
}

@ObjectType('SearchHit')
export class SearchHitObject {
  @Field(() => SearchHitKind) kind: SearchHitKind;
  @Field(() => ID) conversationId: string;
  @Field(() => ID, { nullable: true }) messageId: string | null;
  @Field(() => Int, { nullable: true }) seq: number | null;
  @Field(() => [HighlightSegmentObject]) segments: HighlightSegmentObject[];
  @Field(() => String, { nullable: true, description: 'The contact’s stored name (null when unknown).' }) contactName: string | null;
  @Field(() => String, { description: 'The name to show: the real name, e-mail or phone, else the anonymous visitor’s pseudonym (issue #17).' }) contactDisplayName: string;
  @Field({ description: 'When the message was written; for contact hits the conversation’s last activity.' }) at: Date;
}

@ObjectType('SearchResult', { description: 'Best matches first; keyset pagination with after = endCursor.' })
export class SearchResultObject {
  @Field(() => [SearchHitObject]) nodes: SearchHitObject[];
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

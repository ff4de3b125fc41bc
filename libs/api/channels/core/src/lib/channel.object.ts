import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Channel')
export class ChannelObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() type: string;
  @Field() publicKey: string;
  @Field() active: boolean;
}

import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiKeyScope } from '@parley/shared/contracts';
import { Allow } from 'class-validator';

registerEnumType(ApiKeyScope, { name: 'ApiKeyScope', description: 'Issue #15: read — queries and REST reads; write — mutations and REST writes too.' });

@ObjectType('ApiKey', { description: 'Issue #15: a workspace API key as the admin screen lists it (never the key itself: only its first characters).' })
export class ApiKeyObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The first characters of the key (prl_…), to tell keys apart.' }) prefix: string;
  @Field(() => [ApiKeyScope]) scopes: ApiKeyScope[];
  @Field(() => ID, { nullable: true }) createdById: string | null;
  @Field(() => String, { nullable: true }) createdByName: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => String, { nullable: true }) revokedByName: string | null;
}

@ObjectType('CreatedApiKey', { description: 'A new key: `key` is its plaintext, shown this once (the server keeps only its hash).' })
export class CreatedApiKeyObject {
  @Field(() => ApiKeyObject) apiKey: ApiKeyObject;
  @Field({ description: 'The key to give the shop’s server. It cannot be shown again.' }) key: string;
}

// field rules live in ApiKeysService (one clear message per field); @Allow keeps the global whitelist from stripping them
@InputType()
export class CreateApiKeyInput {
  @Field() @Allow() name: string;
  @Field(() => [ApiKeyScope]) @Allow() scopes: ApiKeyScope[];
}

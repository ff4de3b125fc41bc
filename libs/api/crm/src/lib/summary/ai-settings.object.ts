import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Allow, IsOptional } from 'class-validator';

@ObjectType('AiSettings', { description: 'Issue #11 (E7): the workspace’s OpenAI-compatible endpoint for AI tools (Settings › AI tools). The API key is never shown.' })
export class AiSettingsObject {
  @Field({ description: 'Operators with “Use AI tools” may summarise conversations.' }) summaryEnabled: boolean;
  @Field({ description: 'The endpoint’s base URL, e.g. https://api.openai.com/v1, https://<resource>.openai.azure.com/openai/v1, http://localhost:11434/v1 (Ollama).' }) baseUrl: string;
  @Field() model: string;
  @Field(() => Int, { description: 'The most tokens one summary may use: the prompt (instructions, a previous summary, the messages) and the answer (up to 800).' }) tokenBudget: number;
  @Field({ description: 'Whether an API key is stored (write-only: its value never leaves the API).' }) apiKeySet: boolean;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
}

@InputType()
export class UpdateAiSettingsInput {
  @Field() @Allow() summaryEnabled: boolean;
  @Field() @Allow() baseUrl: string;
  @Field() @Allow() model: string;
  @Field(() => Int) @Allow() tokenBudget: number;
  @Field(() => String, { nullable: true, description: 'A new API key; omitted or empty keeps the stored one.' }) @Allow() @IsOptional() apiKey?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Removes the stored key (endpoints without keys: a local Ollama or vLLM).' }) @Allow() @IsOptional() clearApiKey?: boolean | null;
}

@ObjectType('AiConnectionCheck', { description: 'The answer of “Check connection”: whether the endpoint answered, and what it said.' })
export class AiConnectionCheckObject {
  @Field() ok: boolean;
  @Field() message: string;
}

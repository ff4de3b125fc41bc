import { Args, Field, ID, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConversationsService } from '@parley/api/conversations';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { badInput, DomainException, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { ErrorCode, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { Allow } from 'class-validator';
import { DataSource } from 'typeorm';
import { ChannelLinkService } from './channel-links';

@InputType()
export class ChannelLinkInput {
  @Field(() => ID, { nullable: true, description: "The conversation whose client the link is for (or contactId)." }) @Allow() conversationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The contact the link is for (or conversationId).' }) @Allow() contactId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The channel to link to; absent: the oldest active channel that can make a link now (a Telegram bot).' }) @Allow() channelId?: string | null;
}

@ObjectType('ChannelLink', { description: 'A single-use link that brings a known client to a channel (SPEC A2: https://t.me/<bot>?start=<code>).' })
export class ChannelLinkObject {
  @Field(() => ID) channelId: string;
  @Field() kind: string;
  @Field() displayName: string;
  @Field() url: string;
  @Field() expiresAt: Date;
}

/**
 * SPEC A2 for operators: a link to send a client (by e-mail, in the web chat) so that when they
 * open it — Telegram's "Start" — their messages there land on the contact Parley knows them as.
 */
@Resolver()
export class ChannelLinkResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: ChannelLinkService,
    private readonly conversations: ConversationsService,
  ) {}

  @Mutation(() => ChannelLinkObject, {
    description: 'A link (valid 30 minutes, once) that ties whoever opens it on the channel to the contact. NOT_FOUND for a conversation the caller cannot see, or when no channel makes links; BAD_USER_INPUT without exactly one of conversationId and contactId.',
  })
  async channelLink(@CurrentUser() user: AuthUser, @Args('input') input: ChannelLinkInput): Promise<ChannelLinkObject> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers cannot invite clients');
    const { conversationId, contactId, channelId } = input ?? {};
    if (!!conversationId === !!contactId) throw badInput('Give either conversationId or contactId', { field: conversationId ? 'contactId' : 'conversationId' });
    let contact: string;
    if (conversationId) {
      // the same visibility as reading the conversation (groups, assignment)
      contact = (await this.conversations.getForOperator(user, String(conversationId))).contactId;
    } else {
      const id = String(contactId);
      const [row] = isUuid(id) ? await this.db.query(`SELECT id FROM contacts WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId]) : [];
      if (!row) throw notFound('Contact');
      contact = row.id;
    }
    const channels = await this.links.linkableChannels(user.workspaceId);
    if (channelId !== undefined && channelId !== null && !channels.some((c) => c.id === channelId)) throw badInput('That channel is not an active channel that makes links', { field: 'channelId' });
    const candidates = channelId ? channels.filter((c) => c.id === channelId) : channels;
    if (!candidates.length) throw new DomainException(ErrorCode.NotFound, 'No active channel of this workspace makes links: connect a Telegram bot first');
    // without a choice, the first one that can make a link now (a bot whose token Telegram refuses cannot)
    for (const channel of candidates) {
      const link = await this.links.create(channel, contact, `operator:${user.operatorId}`);
      if (link) return link;
    }
    const names = candidates.slice(0, 3).map((c) => `"${c.name}"`).join(', ');
    throw new DomainException(ErrorCode.BadUserInput, `${names} cannot make a link right now: check the connection in the channel settings`, { field: 'channelId' });
  }
}

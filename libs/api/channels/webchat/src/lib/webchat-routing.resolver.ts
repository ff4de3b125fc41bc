import { Inject } from '@nestjs/common';
import { Args, Field, ID, InputType, Mutation, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ChannelEntity, ChannelObject, ChannelsService } from '@parley/api/channels/core';
import { GroupsService, IdentityService } from '@parley/api/identity';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { badInput, DomainException, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { Allow } from 'class-validator';
import { readWebchatRouting, validateWebchatRouting } from './webchat-routing';
import type { ChannelUpdatedPayload } from './webchat-settings.service';
import { WEBCHAT_KIND } from './webchat.adapter';

@ObjectType('PageRule', { description: 'A chat started on a page whose URL contains the text goes to the group.' })
export class PageRuleObject {
  @Field() urlContains: string;
  @Field(() => ID) groupId: string;
}

@ObjectType('WebchatRouting', { description: 'SPEC B3: where new chats of a web chat channel go.' })
export class WebchatRoutingObject {
  @Field(() => ID, { nullable: true }) defaultGroupId: string | null;
  @Field(() => [PageRuleObject]) pageRules: PageRuleObject[];
}

@InputType()
export class PageRuleInput {
  @Field() @Allow() urlContains: string;
  @Field(() => ID) @Allow() groupId: string;
}

@InputType()
export class UpdateWebchatRoutingInput {
  @Field(() => ID) @Allow() channelId: string;
  @Field(() => ID, { nullable: true }) @Allow() defaultGroupId: string | null;
  @Field(() => [PageRuleInput]) @Allow() pageRules: PageRuleInput[];
}

/** The routing part of a web chat channel's settings: read on `Channel.webchatRouting`, saved by admins. */
@Resolver(() => ChannelObject)
export class WebchatRoutingResolver {
  constructor(
    private readonly channels: ChannelsService,
    private readonly groups: GroupsService,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @ResolveField(() => WebchatRoutingObject, { nullable: true, description: 'Web chat routing; null for other channel types.' })
  webchatRouting(@Parent() channel: ChannelObject): WebchatRoutingObject | null {
    if (channel.type !== WEBCHAT_KIND) return null;
    return readWebchatRouting((channel as ChannelObject & Partial<Pick<ChannelEntity, 'settings'>>).settings ?? {});
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelObject, { description: 'Admins only; audited. NOT_FOUND for an unknown channel or group (extensions.field names it).' })
  async updateWebchatRouting(@CurrentUser() user: AuthUser, @Args('input') input: UpdateWebchatRoutingInput): Promise<ChannelObject> {
    const channel = await this.channels.findById(user.workspaceId, String(input.channelId ?? ''));
    if (!channel || channel.type !== WEBCHAT_KIND) throw notFound('Channel');
    const routing = {
      defaultGroupId: input.defaultGroupId ?? null,
      pageRules: (Array.isArray(input.pageRules) ? input.pageRules : []).map((r) => ({ urlContains: typeof r.urlContains === 'string' ? r.urlContains.trim() : r.urlContains, groupId: r.groupId })),
    };
    const errors = validateWebchatRouting(routing);
    if (errors.length) throw badInput(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { field: errors[0].field, fieldErrors: errors });
    const ids = [...new Set([routing.defaultGroupId, ...routing.pageRules.map((r) => r.groupId)].filter((id): id is string => !!id))];
    const known = new Set((await this.groups.findByIds(user.workspaceId, ids)).map((g) => g.id));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown) {
      const field = routing.defaultGroupId === unknown ? 'defaultGroupId' : `pageRules.${routing.pageRules.findIndex((r) => r.groupId === unknown)}.groupId`;
      throw new DomainException(ErrorCode.NotFound, 'Group not found', { field });
    }
    const saved = await this.channels.update(user.workspaceId, channel.id, { name: channel.name, active: channel.active, settings: { ...(channel.settings ?? {}), routing } });
    await this.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.operatorId,
      actorName: (await this.identity.findOperator(user.workspaceId, user.operatorId)).displayName,
      action: AuditAction.channelRoutingChanged,
      targetType: 'channel',
      targetId: channel.id,
      details: { name: channel.name, routing },
    });
    const changed: ChannelUpdatedPayload = { id: saved.id, workspaceId: saved.workspaceId, name: saved.name, type: saved.type, publicKey: saved.publicKey, active: saved.active, settings: saved.settings };
    await this.bus.publish(Topics.channels(saved.workspaceId), changed);
    return saved;
  }
}

import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { notFound } from '@parley/api/platform/graphql';
import { Repository } from 'typeorm';
import { UpdateMyNotificationSettingsInput } from '../dto/notification-settings.input';
import { OperatorObject } from '../dto/operator.object';
import { OperatorEntity } from '../entities/operator.entity';

/** SPEC A7: every role switches its own notifications; nobody else's. */
@Resolver(() => OperatorObject)
export class NotificationSettingsResolver {
  constructor(@InjectRepository(OperatorEntity) private readonly operators: Repository<OperatorEntity>) {}

  @Mutation(() => OperatorObject, { description: "The caller's sound and browser-notification switches (SPEC A7)." })
  async updateMyNotificationSettings(@CurrentUser() user: AuthUser, @Args('input') input: UpdateMyNotificationSettingsInput): Promise<OperatorObject> {
    const changes: Partial<OperatorEntity> = {};
    if (typeof input.soundEnabled === 'boolean') changes.soundEnabled = input.soundEnabled;
    if (typeof input.pushEnabled === 'boolean') changes.pushEnabled = input.pushEnabled;
    if (Object.keys(changes).length) await this.operators.update({ id: user.operatorId, workspaceId: user.workspaceId }, changes);
    const op = await this.operators.findOne({ where: { id: user.operatorId, workspaceId: user.workspaceId } });
    if (!op) throw notFound('Operator');
    return op;
  }
}

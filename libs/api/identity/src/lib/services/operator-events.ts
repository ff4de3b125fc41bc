import { EventBus } from '@parley/api/platform/realtime';
import { OperatorEntity } from '../entities/operator.entity';

/** Topic of operator changes (name, avatar, role, rights, deactivation) in a workspace. */
export const operatorsTopic = (workspaceId: string) => `operators:${workspaceId}`;

export interface OperatorUpdatedPayload {
  workspaceId: string;
  operator: Omit<OperatorEntity, 'passwordHash'>;
}

export async function publishOperatorUpdated(bus: EventBus, op: OperatorEntity): Promise<void> {
  const { passwordHash: _omit, ...operator } = op;
  void _omit;
  await bus.publish<OperatorUpdatedPayload>(operatorsTopic(op.workspaceId), { workspaceId: op.workspaceId, operator });
}

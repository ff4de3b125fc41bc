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

/** Bus topic (all processes): sessions of an operator ended; their graphql-ws sockets close with 4401. */
export const SESSIONS_ENDED_TOPIC = 'operator-sessions:ended';

export interface SessionsEndedPayload {
  workspaceId: string;
  operatorId: string;
  /** The sessions that ended now. */
  sessionIds: string[];
  /** When every session but one ended (password change), the one kept. */
  exceptSessionId: string | null;
  /** True when every session of the operator (but `exceptSessionId`) ended: sockets of any session close. */
  all: boolean;
  reason: string;
}

import { ErrorCode } from '@parley/shared/contracts';
import { describeError, errorCodeOf } from '@parley/web/shared/util';

/** GraphQL documents of routing (SPEC B3–B6): groups, operator status/limits/hours, auto-assignment (docs/graphql-contract.md). */
export const GROUP_FIELDS = 'id name description members { id displayName email }';
export const GROUPS = `query Groups { groups { ${GROUP_FIELDS} } }`;
export const CREATE_GROUP = `mutation CreateGroup($input: CreateGroupInput!) { createGroup(input: $input) { ${GROUP_FIELDS} } }`;
export const UPDATE_GROUP = `mutation UpdateGroup($input: UpdateGroupInput!) { updateGroup(input: $input) { ${GROUP_FIELDS} } }`;
export const DELETE_GROUP = `mutation DeleteGroup($id: ID!) { deleteGroup(id: $id) }`;
export const SET_GROUP_MEMBERS = `mutation SetGroupMembers($input: SetGroupMembersInput!) { setGroupMembers(input: $input) { ${GROUP_FIELDS} } }`;

export const ROUTING_OPERATORS = `query RoutingOperators {
  operators { id displayName email role status maxChats workingHours { timezone auto ranges { day start end } } }
  routingSettings { autoAssign }
}`;
export const UPDATE_OPERATOR_ROUTING = `mutation UpdateOperatorRouting($input: UpdateOperatorRoutingInput!) {
  updateOperatorRouting(input: $input) { id maxChats workingHours { timezone auto ranges { day start end } } }
}`;
export const SET_AUTO_ASSIGN = `mutation SetAutoAssign($mode: AutoAssignMode!) { setAutoAssign(mode: $mode) { autoAssign } }`;

export const WEBCHAT_ROUTING = `query WebchatRouting($id: ID!) {
  channel(id: $id) { id webchatRouting { defaultGroupId pageRules { urlContains groupId } } }
  groups { id name }
}`;
export const UPDATE_WEBCHAT_ROUTING = `mutation UpdateWebchatRouting($input: UpdateWebchatRoutingInput!) {
  updateWebchatRouting(input: $input) { id webchatRouting { defaultGroupId pageRules { urlContains groupId } } }
}`;

export const MY_STATUS = `query MyStatus { me { id status } operators { id displayName status active } }`;
export const MY_STATUS_AGENT = `query MyStatusAgent { me { id status } }`;
export const SET_MY_STATUS = `mutation SetMyStatus($input: SetMyStatusInput!) { setMyStatus(input: $input) { id status } }`;
export const OPERATORS_CHANGED = `subscription OperatorsChanged { operatorsChanged }`;
export const MOVE_CONVERSATION = `mutation MoveConversationToGroup($input: MoveConversationInput!) {
  moveConversationToGroup(input: $input) { id group { id name } }
}`;
export const GROUP_NAMES = `query GroupNames { groups { id name } }`;

export type OperatorStatusValue = 'online' | 'away' | 'invisible' | 'offline';
export const STATUS_LABELS: Record<OperatorStatusValue, string> = { online: 'Online', away: 'Away', invisible: 'Invisible', offline: 'Offline' };
export const AUTO_ASSIGN_LABELS: Record<string, string> = { off: 'Off (operators take chats from the queue)', round_robin: 'Round robin', least_busy: 'Least busy' };
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The server's own message for routing errors (it names the field), else the generic wording. */
export function routingError(error: unknown): string {
  const code = errorCodeOf(error);
  if ((code === ErrorCode.Conflict || code === ErrorCode.BadUserInput || code === ErrorCode.NotFound) && error instanceof Error && error.message) return error.message;
  return describeError(error);
}

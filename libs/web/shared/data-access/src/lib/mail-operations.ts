/** GraphQL documents of the mail features (SPEC B8 invitations, C2/C7/C8 web chat mail settings). */
import type { InvitationState } from './generated/graphql';
import { AUTH_FIELDS } from './operations';

const INVITATION_FIELDS = 'id email role state expiresAt createdAt invitedByName';

export const INVITATION_PREVIEW = `query InvitationPreview($token: String!) { invitation(token: $token) { email role workspaceName expiresAt } }`;
export const ACCEPT_INVITATION = `mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${AUTH_FIELDS} } }`;
export const INVITATIONS = `query Invitations($first: Int, $after: String) { invitations(first: $first, after: $after) { nodes { ${INVITATION_FIELDS} } hasNextPage endCursor } }`;
export const INVITE_OPERATOR = `mutation InviteOperator($input: InviteOperatorInput!) { inviteOperator(input: $input) { ${INVITATION_FIELDS} } }`;
export const RESEND_INVITATION = `mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { ${INVITATION_FIELDS} } }`;
export const REVOKE_INVITATION = `mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { ${INVITATION_FIELDS} } }`;

const MAIL_FIELDS = 'offlineForm { enabled fields { key required } title intro colors { header button } } notifyEmails replyFrom marketingConsent { enabled text }';
export const WEBCHAT_MAIL_SETTINGS = `query WebchatMailSettings($id: ID!) { channel(id: $id) { id webchatMail { ${MAIL_FIELDS} } } }`;
export const UPDATE_WEBCHAT_MAIL_SETTINGS = `mutation UpdateWebchatMailSettings($input: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $input) { id webchatMail { ${MAIL_FIELDS} } } }`;

export interface Invitation {
  id: string;
  email: string;
  role: string;
  state: InvitationState;
  expiresAt: string;
  createdAt: string;
  invitedByName: string | null;
}

export interface InvitationPreview {
  email: string;
  role: string;
  workspaceName: string;
  expiresAt: string;
}

export interface WebchatMailSettings {
  offlineForm: { enabled: boolean; fields: Array<{ key: string; required: boolean }>; title: string; intro: string; colors: { header: string; button: string } };
  notifyEmails: string[];
  replyFrom: string;
  marketingConsent: { enabled: boolean; text: string };
}

import { AuthUser } from '@parley/api/platform/auth';

/**
 * The place through which an operator edits a contact: today a conversation of theirs (SPEC C6).
 * The contacts domain knows its workspace and contact, nothing else; whatever else the provider
 * puts in it (the conversation row) comes back to it in `contactEdited`.
 */
export interface ContactEditTarget {
  workspaceId: string;
  contactId: string;
}

/**
 * Port of the contacts domain for contact edits made from another domain's screen. Contacts does
 * not import conversations: the conversations domain provides CONTACT_EDIT_CONTEXT (an
 * `ConversationContactEditContext` exported by ConversationsModule) and the app wires it with
 * `ContactEditModule.register({ imports: [ConversationsModule] })`.
 */
export interface ContactEditContext<T extends ContactEditTarget = ContactEditTarget> {
  /**
   * The contact the caller may edit through `refId` (a conversation id). Throws the provider's
   * NOT_FOUND (unknown, deleted or another workspace's) or FORBIDDEN (the caller may not see it).
   * Called after the contacts domain's own checks (role, "Edit clients" right).
   */
  targetOf(user: AuthUser, refId: string): Promise<T>;
  /** After a change of the contact: tells the screens showing it (the contact's conversations' inbox rows and panels). */
  contactEdited(target: T): Promise<void>;
  /**
   * Issue #11: after a change of the contact made from its client card (no conversation at hand):
   * tells the screens showing its conversations (their inbox rows and panels).
   */
  contactChanged(workspaceId: string, contactId: string): Promise<void>;
}

export const CONTACT_EDIT_CONTEXT = Symbol('CONTACT_EDIT_CONTEXT');

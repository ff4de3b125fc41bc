import { DestroyRef, inject } from '@angular/core';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { InboxStore } from '@parley/web/inbox/data-access';
import { MeDocument, OperatorUpdatedDocument } from '@parley/web/shared/data-access';

/**
 * Follows `operatorUpdated` for the workspace screen (call in an injection context): a colleague's
 * new name shows on the conversations they handle; the signed-in operator's own changes (role,
 * rights, name, avatar — also when made by an admin or in another tab) update the session.
 */
export function followOperatorChanges(): void {
  const session = inject(SessionStore);
  const api = inject(ApiClient);
  const inbox = inject(InboxStore);
  const off = inject(RealtimeClient).subscribe(OperatorUpdatedDocument, {
    next: ({ operatorUpdated: op }) => {
      inbox.conversations.update((list) =>
        list.some((c) => c.assignee?.id === op.id && c.assignee.displayName !== op.displayName)
          ? list.map((c) => (c.assignee?.id === op.id ? { ...c, assignee: { ...c.assignee, displayName: op.displayName } } : c))
          : list,
      );
      if (op.id !== session.operator()?.id) return;
      session.updateOperator({ id: op.id, displayName: op.displayName, role: op.role, email: op.email, avatarUrl: op.avatarUrl });
      // rights may have changed with the role or a group: read them again
      void api.request(MeDocument).then(
        (d) => session.updateOperator({ id: d.me.id, permissions: d.me.permissions }),
        () => undefined,
      );
    },
    error: () => undefined,
  });
  inject(DestroyRef).onDestroy(off);
}

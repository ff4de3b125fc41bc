import { Route } from '@angular/router';
import { authGuard, guestGuard } from '@parley/web/shared/data-access';

export const appRoutes: Route[] = [
  {
    path: 'login',
    title: 'Sign in · Parley',
    canActivate: [guestGuard],
    loadComponent: () => import('@parley/web/auth/feature-auth').then((m) => m.LoginPage),
  },
  {
    path: 'invite/:token',
    title: 'Join · Parley',
    loadComponent: () => import('@parley/web/auth/feature-auth').then((m) => m.InvitePage),
  },
  {
    path: 'inbox',
    title: 'Inbox · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./workspace/workspace-shell').then((m) => m.WorkspaceShell),
    children: [
      { path: '', loadComponent: () => import('@parley/web/inbox/feature-conversation').then((m) => m.NoConversation) },
      {
        path: ':conversationId',
        loadComponent: () => import('@parley/web/inbox/feature-conversation').then((m) => m.ConversationPage),
      },
    ],
  },
  {
    path: 'clients',
    title: 'Clients · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('@parley/web/crm/feature-clients').then((m) => m.ClientsPage),
  },
  {
    path: 'history',
    title: 'History · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('@parley/web/history/feature-history').then((m) => m.HistoryPage),
  },
  {
    path: 'history/:conversationId',
    title: 'Transcript · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('@parley/web/history/feature-history').then((m) => m.TranscriptPage),
  },
  {
    path: 'settings/quick-replies',
    title: 'Quick replies · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('@parley/web/tools/feature-quick-replies').then((m) => m.QuickRepliesPage),
  },
  {
    path: 'profile',
    title: 'Your profile · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('@parley/web/profile/feature-profile').then((m) => m.ProfilePage),
  },
  {
    path: 'admin',
    // the admin area's guards, shell and sections: @parley/web/admin/feature-admin (admin.routes.ts)
    loadChildren: () => import('@parley/web/admin/feature-admin').then((m) => m.adminRoutes),
  },
  { path: '', pathMatch: 'full', redirectTo: 'inbox' },
  { path: '**', redirectTo: 'inbox' },
];

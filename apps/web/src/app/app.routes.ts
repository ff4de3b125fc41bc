import { Route } from '@angular/router';
import { adminGuard, unsavedChangesGuard } from './admin/admin-guards';
import { authGuard, guestGuard } from './auth/auth-guards';

export const appRoutes: Route[] = [
  {
    path: 'login',
    title: 'Sign in · Parley',
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'inbox',
    title: 'Inbox · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./workspace/workspace-shell').then((m) => m.WorkspaceShell),
    children: [
      { path: '', loadComponent: () => import('./inbox/no-conversation').then((m) => m.NoConversation) },
      {
        path: ':conversationId',
        loadComponent: () => import('./inbox/conversation-page').then((m) => m.ConversationPage),
      },
    ],
  },
  {
    path: 'history',
    title: 'History · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./history/history-page').then((m) => m.HistoryPage),
  },
  {
    path: 'history/:conversationId',
    title: 'Transcript · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./history/transcript-page').then((m) => m.TranscriptPage),
  },
  {
    path: 'admin/audit',
    title: 'Audit log · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./admin/audit-page').then((m) => m.AuditPage),
  },
  {
    path: 'admin',
    canActivate: [adminGuard],
    loadComponent: () => import('./admin/admin-shell').then((m) => m.AdminShell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'channels' },
      { path: 'groups', title: 'Groups · Parley', loadComponent: () => import('./admin/groups-page').then((m) => m.GroupsPage) },
      { path: 'channels', title: 'Channels · Parley', loadComponent: () => import('./admin/channels-page').then((m) => m.ChannelsPage) },
      {
        path: 'channels/:channelId',
        title: 'Channel settings · Parley',
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./admin/channel-settings-page').then((m) => m.ChannelSettingsPage),
      },
    ],
  },
  { path: '', pathMatch: 'full', redirectTo: 'inbox' },
  { path: '**', redirectTo: 'inbox' },
];

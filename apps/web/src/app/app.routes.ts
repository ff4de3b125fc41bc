import { Route } from '@angular/router';
import { OperatorRole } from '@parley/shared/contracts';
import { adminGuard, adminHomeGuard, adminSectionGuard, unsavedChangesGuard } from './admin/admin-guards';
import { authGuard, guestGuard } from './auth/auth-guards';

export const appRoutes: Route[] = [
  {
    path: 'login',
    title: 'Sign in · Parley',
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'invite/:token',
    title: 'Join · Parley',
    loadComponent: () => import('./auth/invite-page').then((m) => m.InvitePage),
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
    path: 'settings/quick-replies',
    title: 'Quick replies · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./tools/quick-replies-page').then((m) => m.QuickRepliesPage),
  },
  {
    path: 'profile',
    title: 'Your profile · Parley',
    canActivate: [authGuard],
    loadComponent: () => import('./profile/profile-page').then((m) => m.ProfilePage),
  },
  {
    path: 'admin',
    canActivate: [adminGuard],
    loadComponent: () => import('./admin/admin-shell').then((m) => m.AdminShell),
    children: [
      // the side navigation lists these (admin/admin-nav.ts)
      { path: '', pathMatch: 'full', canActivate: [adminHomeGuard], children: [] },
      {
        path: 'channels',
        title: 'Channels · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./admin/channels-page').then((m) => m.ChannelsPage),
      },
      {
        path: 'groups',
        title: 'Groups · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./admin/groups-page').then((m) => m.GroupsPage),
      },
      {
        path: 'operators',
        title: 'Operators · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin, OperatorRole.supervisor)],
        loadComponent: () => import('./admin/operators-page').then((m) => m.OperatorsPage),
      },
      {
        path: 'bots',
        title: 'Bot scenarios · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin, OperatorRole.supervisor)],
        loadComponent: () => import('./admin/bot-scenarios-page').then((m) => m.BotScenariosPage),
      },
      {
        path: 'permissions',
        title: 'Permissions · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./admin/permissions-page').then((m) => m.PermissionsPage),
      },
      {
        path: 'audit',
        title: 'Audit log · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./admin/audit-page').then((m) => m.AuditPage),
      },
      {
        path: 'invitations',
        title: 'Invitations · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./admin/invitations-page').then((m) => m.InvitationsPage),
      },
      {
        path: 'channels/new/:kind',
        title: 'New channel · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./admin/channel-connection-page').then((m) => m.ChannelConnectionPage),
      },
      {
        path: 'channels/:channelId/connection',
        title: 'Channel settings · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./admin/channel-connection-page').then((m) => m.ChannelConnectionPage),
      },
      {
        path: 'channels/:channelId',
        title: 'Channel settings · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./admin/channel-settings-page').then((m) => m.ChannelSettingsPage),
      },
    ],
  },
  { path: '', pathMatch: 'full', redirectTo: 'inbox' },
  { path: '**', redirectTo: 'inbox' },
];

import { Route } from '@angular/router';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { adminGuard, adminHomeGuard, adminPermissionGuard, adminSectionGuard, unsavedChangesGuard } from './admin-guards';

/** The admin area, lazy-loaded by the app under /admin: its guards, its shell and one lazy route per section. */
export const adminRoutes: Route[] = [
  {
    path: '',
    canActivate: [adminGuard],
    loadComponent: () => import('./admin-shell').then((m) => m.AdminShell),
    children: [
      // the side navigation lists these (admin-nav.ts in @parley/web/admin/util)
      { path: '', pathMatch: 'full', canActivate: [adminHomeGuard], children: [] },
      {
        path: 'channels',
        title: 'Channels · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./channels-page').then((m) => m.ChannelsPage),
      },
      {
        path: 'groups',
        title: 'Groups · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./groups-page').then((m) => m.GroupsPage),
      },
      {
        path: 'operators',
        title: 'Operators · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin, OperatorRole.supervisor)],
        loadComponent: () => import('./operators-page').then((m) => m.OperatorsPage),
      },
      {
        path: 'bots',
        title: 'Bot scenarios · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin, OperatorRole.supervisor)],
        loadComponent: () => import('./bot-scenarios-page').then((m) => m.BotScenariosPage),
      },
      {
        path: 'permissions',
        title: 'Permissions · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./permissions-page').then((m) => m.PermissionsPage),
      },
      {
        path: 'widgets',
        title: 'Side panel widgets · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./side-panel-widgets-page').then((m) => m.SidePanelWidgetsPage),
      },
      {
        path: 'tags',
        title: 'Tags · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./tags-page').then((m) => m.TagsPage),
      },
      {
        path: 'client-fields',
        title: 'Client fields · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./client-fields-page').then((m) => m.ClientFieldsPage),
      },
      {
        path: 'catalogue',
        title: 'Catalogue · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin, OperatorRole.supervisor)],
        loadComponent: () => import('./catalogue-page').then((m) => m.CataloguePage),
      },
      {
        path: 'orders',
        title: 'Orders · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin), adminPermissionGuard(Permission.configure_commerce)],
        loadComponent: () => import('./order-settings-page').then((m) => m.OrderSettingsPage),
      },
      {
        path: 'delivery',
        title: 'Delivery · Parley',
        // “Configure orders, delivery and payments” is the admins' right (the API checks it on every change)
        canActivate: [adminSectionGuard(OperatorRole.admin), adminPermissionGuard(Permission.configure_commerce)],
        loadComponent: () => import('./delivery-rules-page').then((m) => m.DeliveryRulesPage),
      },
      {
        path: 'payments',
        title: 'Payments · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin), adminPermissionGuard(Permission.configure_commerce)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./payments-page').then((m) => m.PaymentsPage),
      },
      {
        path: 'ai',
        title: 'AI tools · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./ai-settings-page').then((m) => m.AiSettingsPage),
      },
      {
        path: 'api-keys',
        title: 'API keys · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./api-keys-page').then((m) => m.ApiKeysPage),
      },
      {
        path: 'audit',
        title: 'Audit log · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./audit-page').then((m) => m.AuditPage),
      },
      {
        path: 'invitations',
        title: 'Invitations · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        loadComponent: () => import('./invitations-page').then((m) => m.InvitationsPage),
      },
      {
        path: 'channels/new/:kind',
        title: 'New channel · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./channel-connection-page').then((m) => m.ChannelConnectionPage),
      },
      {
        path: 'channels/:channelId/connection',
        title: 'Channel settings · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./channel-connection-page').then((m) => m.ChannelConnectionPage),
      },
      {
        path: 'channels/:channelId',
        title: 'Channel settings · Parley',
        canActivate: [adminSectionGuard(OperatorRole.admin)],
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./channel-settings-page').then((m) => m.ChannelSettingsPage),
      },
    ],
  },
];

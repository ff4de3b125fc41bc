import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@parley/api/platform/auth';
import { AuditService } from '@parley/api/platform/audit';
import { badInput } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { AuditAction, PINNED_SIDE_PANEL_WIDGETS, resolveSidePanelLayout, SIDE_PANEL_WIDGET_KINDS, SidePanelWidgetState } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { SidePanelLayoutObject } from './side-panel.object';

/** Published on Topics.sidePanel(workspaceId): one operator's layout (operatorId) or the workspace's disabled widgets (null). */
export interface SidePanelChangedEvent {
  workspaceId: string;
  operatorId: string | null;
}

/** More entries than there are widget kinds is a broken client, not a layout. */
const MAX_ENTRIES = 50;

/**
 * Issue #11 (E0): the CRM side panel's layout. Each operator keeps the order of the movable
 * widgets and which are hidden or collapsed (saved on the server, so every device shows the same);
 * admins disable widgets for the whole workspace. Both are live on Topics.sidePanel.
 */
@Injectable()
export class SidePanelService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async layout(user: AuthUser): Promise<SidePanelLayoutObject> {
    const [[saved], disabled] = await Promise.all([
      this.db.query(`SELECT widgets FROM side_panel_layouts WHERE operator_id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId]) as Promise<Array<{ widgets: SidePanelWidgetState[] }>>,
      this.disabled(user.workspaceId),
    ]);
    return { widgets: resolveSidePanelLayout(saved?.widgets ?? [], disabled), disabledKinds: disabled };
  }

  /** Any operator (observers too: it is their own view, not workspace data). */
  async save(user: AuthUser, widgets: ReadonlyArray<{ kind: string; hidden?: boolean | null; collapsed?: boolean | null }>): Promise<SidePanelLayoutObject> {
    if (widgets.length > MAX_ENTRIES) throw badInput(`At most ${MAX_ENTRIES} widgets`, { field: 'widgets' });
    const seen = new Set<string>();
    const clean: SidePanelWidgetState[] = [];
    for (const w of widgets) {
      this.checkKind(w.kind, 'widgets');
      if (seen.has(w.kind)) throw badInput(`The widget ${w.kind} is named twice`, { field: 'widgets', kind: w.kind });
      seen.add(w.kind);
      clean.push({ kind: w.kind, hidden: !!w.hidden, collapsed: !!w.collapsed });
    }
    await this.db.query(
      `INSERT INTO side_panel_layouts (operator_id, workspace_id, widgets) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (operator_id) DO UPDATE SET widgets = EXCLUDED.widgets, updated_at = now()`,
      [user.operatorId, user.workspaceId, JSON.stringify(clean)],
    );
    await this.publish({ workspaceId: user.workspaceId, operatorId: user.operatorId });
    return this.layout(user);
  }

  /** Admins (the resolver's @Roles): the widgets absent for everyone; audited, live on every open panel. */
  async setDisabled(user: AuthUser & { displayName?: string | null }, kinds: readonly string[]): Promise<SidePanelLayoutObject> {
    if (kinds.length > MAX_ENTRIES) throw badInput(`At most ${MAX_ENTRIES} widgets`, { field: 'disabledKinds' });
    for (const kind of kinds) this.checkKind(kind, 'disabledKinds');
    const next = [...new Set(kinds)].sort();
    const changed = await this.db.transaction(async (m) => {
      const [row] = (await m.query(`SELECT disabled_widgets FROM side_panel_settings WHERE workspace_id = $1 FOR UPDATE`, [user.workspaceId])) as Array<{ disabled_widgets: string[] }>;
      const before = row?.disabled_widgets ?? [];
      if (before.length === next.length && before.every((k) => next.includes(k))) return false;
      await m.query(
        `INSERT INTO side_panel_settings (workspace_id, disabled_widgets) VALUES ($1, $2::text[])
         ON CONFLICT (workspace_id) DO UPDATE SET disabled_widgets = EXCLUDED.disabled_widgets, updated_at = now()`,
        [user.workspaceId, next],
      );
      await this.audit.record(
        {
          workspaceId: user.workspaceId,
          actorId: user.operatorId,
          actorName: user.displayName ?? null,
          action: AuditAction.sidePanelWidgetsChanged,
          targetType: 'workspace',
          targetId: user.workspaceId,
          details: { disabled: next.filter((k) => !before.includes(k)), enabled: before.filter((k) => !next.includes(k)) },
        },
        m,
      );
      return true;
    });
    if (changed) await this.publish({ workspaceId: user.workspaceId, operatorId: null });
    return this.layout(user);
  }

  async disabled(workspaceId: string): Promise<string[]> {
    const [row] = (await this.db.query(`SELECT disabled_widgets FROM side_panel_settings WHERE workspace_id = $1`, [workspaceId])) as Array<{ disabled_widgets: string[] }>;
    return (row?.disabled_widgets ?? []).filter((k) => SIDE_PANEL_WIDGET_KINDS.includes(k));
  }

  private checkKind(kind: string, field: string): void {
    if (!SIDE_PANEL_WIDGET_KINDS.includes(kind)) throw badInput(`There is no side panel widget "${String(kind).slice(0, 40)}"`, { field, kind: String(kind).slice(0, 40) });
    if (PINNED_SIDE_PANEL_WIDGETS.includes(kind)) throw badInput(`The ${kind} widget is pinned on top: it cannot be moved, hidden or disabled`, { field, kind });
  }

  /** After the change is stored: a failed publish is the bus's gap (operator sockets reconnect and refetch), never an error of the saved change. */
  private async publish(event: SidePanelChangedEvent): Promise<void> {
    await this.bus.publish(Topics.sidePanel(event.workspaceId), event).catch(() => undefined);
  }
}

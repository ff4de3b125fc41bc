import { CdkDrag, CdkDragDrop, CdkDragHandle, CdkDropList } from '@angular/cdk/drag-drop';
import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { CART_ITEM_ACTIONS, CartItemAction, OrderDrawer, SidePanelLayoutStore } from '@parley/web/crm/data-access';
import { Conversation, SessionStore } from '@parley/web/shared/data-access';
import { Permission } from '@parley/shared/contracts';
import { OrderDrawerComponent } from './order-drawer';
import { isPinnedWidget, SIDE_PANEL_WIDGETS, SidePanelWidget, widgetLabel } from './side-panel-widgets';

interface PlacedWidget {
  widget: SidePanelWidget;
  label: string;
  collapsed: boolean;
  /** Index among the movable widgets (the saved order), -1 for a pinned one. */
  index: number;
}

/**
 * The CRM side panel on the right of a conversation (SPEC E0): the widgets of its registry
 * (SIDE_PANEL_WIDGETS), the pinned client card on top, then the others in the operator's order —
 * dragged by their handle (or moved with Alt+↑/↓ on it), collapsed to their title, hidden and
 * shown again from "Hidden widgets". The layout is the operator's, saved on the server
 * (SidePanelLayoutStore); widgets an admin disabled are not shown at all.
 */
@Component({
  selector: 'pl-crm-side-panel',
  imports: [NgComponentOutlet, CdkDropList, CdkDrag, CdkDragHandle, MatButtonModule, MatMenuModule, OrderDrawerComponent],
  // the Current cart widget's "To order": the item into the client's current order (the open one, the draft, or a new one) in the drawer
  providers: [{ provide: CART_ITEM_ACTIONS, useFactory: cartToOrder }],
  template: `
    <aside class="panel" aria-labelledby="contact-title">
      @for (placed of pinned(); track placed.widget.kind) {
        <div class="pinned" [attr.data-widget]="placed.widget.kind">
          <ng-container *ngComponentOutlet="placed.widget.component; inputs: { conversation: conversation() }" />
        </div>
      }
      <div class="widgets" cdkDropList cdkDropListLockAxis="y" (cdkDropListDropped)="dropped($event)" data-testid="panel-widgets">
        @for (placed of movable(); track placed.widget.kind) {
          <section class="frame" cdkDrag [cdkDragData]="placed.index" [class.collapsed]="placed.collapsed" [attr.data-widget]="placed.widget.kind" data-testid="panel-widget" [attr.aria-label]="placed.label">
            <div class="bar">
              <button
                type="button"
                class="handle"
                cdkDragHandle
                data-testid="widget-handle"
                [attr.aria-label]="'Move ' + placed.label + ' (Alt+Up, Alt+Down)'"
                title="Drag to move · Alt+↑/↓"
                (keydown.alt.arrowup)="step($event, placed, -1)"
                (keydown.alt.arrowdown)="step($event, placed, 1)"
              >
                ⠿
              </button>
              @if (placed.collapsed) {
                <h3 class="title">{{ placed.label }}</h3>
              }
              <span class="spacer"></span>
              <button
                type="button"
                class="control"
                data-testid="widget-collapse"
                [attr.aria-expanded]="!placed.collapsed"
                [attr.aria-label]="(placed.collapsed ? 'Expand ' : 'Collapse ') + placed.label"
                (click)="layout.setCollapsed(placed.widget.kind, !placed.collapsed)"
              >
                {{ placed.collapsed ? '▸' : '▾' }}
              </button>
              <button type="button" class="control" data-testid="widget-hide" [attr.aria-label]="'Hide ' + placed.label" title="Hide" (click)="hide(placed)">×</button>
            </div>
            @if (!placed.collapsed) {
              <ng-container *ngComponentOutlet="placed.widget.component; inputs: { conversation: conversation() }" />
            }
          </section>
        }
      </div>
      @if (hidden().length) {
        <button mat-button type="button" class="hidden-menu" data-testid="hidden-widgets" [matMenuTriggerFor]="hiddenMenu">Hidden widgets ({{ hidden().length }})</button>
        <mat-menu #hiddenMenu="matMenu">
          @for (kind of hidden(); track kind) {
            <button mat-menu-item type="button" [attr.data-testid]="'show-widget-' + kind" (click)="show(kind)">Show {{ label(kind) }}</button>
          }
        </mat-menu>
      }
      @if (layout.error(); as error) {
        <p class="error" role="alert" data-testid="panel-layout-error">{{ error }}</p>
      }
      <p class="sr-only" aria-live="polite">{{ announcement() }}</p>
    </aside>
    <pl-order-drawer [conversation]="conversation()" />
  `,
  styles: `
    :host {
      display: block;
    }
    .panel {
      padding: 16px;
    }
    .frame {
      background: var(--mat-sys-surface);
      margin-top: 20px;
    }
    .frame.collapsed .bar {
      margin-bottom: 0;
    }
    /* each widget starts with a thin bar: a divider with its handle and controls (the title too once collapsed) */
    .bar {
      display: flex;
      align-items: center;
      gap: 2px;
      min-height: 24px;
      /* the widgets' own headings keep a 24px top margin: pull them closer to their bar */
      margin: 0 -8px -12px;
      padding: 2px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .spacer {
      flex: 1;
    }
    .title {
      margin: 0;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .handle,
    .control {
      border: 0;
      background: transparent;
      color: var(--mat-sys-on-surface-variant);
      border-radius: 4px;
      min-width: 24px;
      height: 24px;
      cursor: pointer;
      opacity: 0.55;
      font-size: 14px;
      line-height: 24px;
    }
    .handle {
      cursor: grab;
    }
    .frame:hover .handle,
    .frame:hover .control,
    .handle:focus-visible,
    .control:focus-visible {
      opacity: 1;
    }
    .handle:focus-visible,
    .control:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
    .cdk-drag-preview {
      box-shadow: var(--mat-sys-level3);
      border-radius: 8px;
      padding: 0 16px 8px;
    }
    .cdk-drag-placeholder {
      opacity: 0.3;
    }
    .cdk-drag-animating,
    .widgets.cdk-drop-list-dragging .frame:not(.cdk-drag-placeholder) {
      transition: transform 200ms cubic-bezier(0, 0, 0.2, 1);
    }
    .hidden-menu {
      margin-top: 24px;
    }
    .error {
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CrmSidePanel {
  readonly conversation = input<Conversation | null>(null);
  protected readonly layout = inject(SidePanelLayoutStore);
  private readonly session = inject(SessionStore);
  private readonly allWidgets = inject(SIDE_PANEL_WIDGETS);
  /** The registry's widgets this operator may see (a widget that `requires` a right they lack is not there at all). */
  private readonly shownRegistry = computed(() => {
    const rights = this.session.permissions();
    return this.allWidgets.filter((w) => !w.requires || rights.has(w.requires));
  });
  protected readonly announcement = signal('');

  protected readonly pinned = computed<PlacedWidget[]>(() =>
    this.shownRegistry().filter((w) => isPinnedWidget(w.kind) && !this.layout.disabledKinds().includes(w.kind)).map((widget) => ({ widget, label: widgetLabel(widget.kind), collapsed: false, index: -1 })),
  );
  /** The operator's order; a registry widget the layout does not know is not shown (its kind belongs in the catalog). */
  protected readonly movable = computed<PlacedWidget[]>(() => {
    const byKind = new Map(this.shownRegistry().map((w) => [w.kind, w] as const));
    return this.layout.movable().flatMap((state, index) => {
      const widget = byKind.get(state.kind);
      return widget && !state.hidden ? [{ widget, label: widgetLabel(state.kind), collapsed: state.collapsed, index }] : [];
    });
  });
  protected readonly hidden = computed(() => {
    const known = new Set(this.shownRegistry().map((w) => w.kind));
    return this.layout.hiddenWidgets().map((w) => w.kind).filter((kind) => known.has(kind));
  });

  constructor() {
    void this.layout.ensureLoaded();
  }

  protected label(kind: string): string {
    return widgetLabel(kind);
  }

  protected dropped(event: CdkDragDrop<unknown, unknown, number>): void {
    // the drop list holds only the shown widgets: map their positions to the saved order (hidden ones keep theirs)
    const shown = this.movable();
    const from = shown[event.previousIndex]?.index;
    const to = shown[event.currentIndex]?.index;
    if (from === undefined || to === undefined) return;
    void this.layout.move(from, to);
  }

  /** Alt+↑ / Alt+↓ on a widget's handle: one place up or down among the shown widgets, focus kept on the handle. */
  protected step(event: Event, placed: PlacedWidget, delta: -1 | 1): void {
    event.preventDefault();
    const shown = this.movable();
    const at = shown.findIndex((p) => p.widget.kind === placed.widget.kind);
    const target = shown[at + delta];
    if (!target) return;
    const handle = event.target as HTMLElement;
    void this.layout.move(placed.index, target.index).then(() => handle.isConnected && handle.focus());
    this.announcement.set(`${placed.label} moved ${delta < 0 ? 'up' : 'down'}`);
  }

  protected hide(placed: PlacedWidget): void {
    void this.layout.setHidden(placed.widget.kind, true);
    this.announcement.set(`${placed.label} hidden: show it again from Hidden widgets`);
  }

  protected show(kind: string): void {
    void this.layout.setHidden(kind, false);
    this.announcement.set(`${widgetLabel(kind)} shown`);
  }
}

function cartToOrder(): CartItemAction[] {
  const drawer = inject(OrderDrawer);
  const session = inject(SessionStore);
  return [
    {
      id: 'add-to-order',
      label: 'To order',
      ariaLabel: (item) => `Add ${item.name} to the order`,
      available: (ctx) => !!ctx.product && !!ctx.contactId && session.canReply() && session.permissions().has(Permission.manage_orders),
      run: async (ctx) => {
        if (!ctx.product || !ctx.contactId) throw new Error('This item is not in the catalogue');
        const p = ctx.product as typeof ctx.product & { price?: string; images?: string[] };
        await drawer.addProduct(ctx.contactId, ctx.conversation.id, { id: p.id, sku: p.sku, name: p.name, price: p.price ?? '', images: p.images, quantity: String(ctx.item.quantity) });
        return `Added ${ctx.item.quantity} × “${p.name}” to the order`;
      },
    },
  ];
}

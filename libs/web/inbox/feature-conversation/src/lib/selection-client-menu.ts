import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, signal } from '@angular/core';
import { Permission } from '@parley/shared/contracts';
import { ClientEditsService, ProductPicker, SelectionTarget } from '@parley/web/crm/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

/** The longest selection offered (an address is the longest value; longer is surely not one). */
const SELECTION_MAX = 500;

export const SELECTION_TARGETS: ReadonlyArray<{ target: SelectionTarget; label: string; saved: string }> = [
  { target: 'firstName', label: 'Set as first name', saved: 'First name' },
  { target: 'lastName', label: 'Set as last name', saved: 'Last name' },
  { target: 'middleName', label: 'Set as middle name', saved: 'Middle name' },
  { target: 'phone', label: 'Set as phone', saved: 'Phone' },
  { target: 'email', label: 'Set as e-mail', saved: 'E-mail' },
  { target: 'address', label: 'Set as address', saved: 'Address' },
];

/**
 * SPEC E2 (seed 004): text selected in a customer's message, right-clicked (or the context-menu
 * key), offers to set it as the client's first / last / middle name, phone, e-mail or address. The
 * menu replaces the browser's only while such a selection exists; elsewhere the browser's own
 * menu stays. Arrow keys move, Enter picks, Escape closes. The server validates the value and its
 * words are shown; the client widget shows the change live. "Find product" opens the product popup
 * with the text in its search box (issue #12; for everyone who replies). Operators without "Edit
 * clients" see only "Find product"; observers keep the browser's menu.
 */
@Component({
  selector: 'pl-selection-client-menu',
  template: `
    @if (menu(); as m) {
      <div class="scrim" (click)="close()" (contextmenu)="$event.preventDefault(); close()" aria-hidden="true"></div>
      <div class="menu" role="menu" tabindex="-1" aria-label="Set on the client" [style.left.px]="m.x" [style.top.px]="m.y" (keydown)="keys($event)" data-testid="selection-menu">
        <div class="quote" aria-hidden="true">“{{ m.text.length > 40 ? m.text.slice(0, 40) + '…' : m.text }}”</div>
        @if (canEdit()) {
          @for (t of targets; track t.target; let i = $index) {
            <button type="button" role="menuitem" class="item" [attr.tabindex]="i === 0 ? 0 : -1" (click)="pick(t.target)" [attr.data-testid]="'selection-set-' + t.target">{{ t.label }}</button>
          }
        }
        <button type="button" role="menuitem" class="item find" [attr.tabindex]="canEdit() ? -1 : 0" (click)="findProduct()" data-testid="selection-find-product">Find product</button>
      </div>
    }
    @if (status(); as s) {
      <div class="status" [class.error]="s.error" role="status" aria-live="polite" data-testid="selection-status">{{ s.text }}</div>
    }
  `,
  styles: `
    .scrim { position: fixed; inset: 0; z-index: 1000; }
    .menu {
      position: fixed;
      z-index: 1001;
      min-width: 200px;
      padding: 4px 0;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
      box-shadow: var(--mat-sys-level2);
      display: flex;
      flex-direction: column;
    }
    .quote {
      padding: 4px 12px 6px;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
      max-width: 260px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .item {
      border: 0;
      background: none;
      text-align: left;
      padding: 8px 12px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface);
      cursor: pointer;
    }
    .item:hover,
    .item:focus-visible {
      background: var(--mat-sys-surface-container-highest);
      outline: none;
    }
    .status {
      position: fixed;
      bottom: 24px;
      left: 50%;
      transform: translateX(-50%);
      z-index: 1001;
      padding: 10px 16px;
      border-radius: 6px;
      background: var(--mat-sys-inverse-surface);
      color: var(--mat-sys-inverse-on-surface);
      font: var(--mat-sys-body-medium);
    }
    .status.error { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SelectionClientMenu {
  /** The client of the open conversation (null: no menu). */
  readonly contactId = input<string | null>(null);
  private readonly edits = inject(ClientEditsService);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly targets = SELECTION_TARGETS;
  protected readonly menu = signal<{ x: number; y: number; text: string } | null>(null);
  protected readonly status = signal<{ text: string; error: boolean } | null>(null);
  protected readonly canEdit = computed(() => this.session.canReply() && this.session.permissions().has(Permission.edit_clients));
  private readonly picker = inject(ProductPicker);
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;

  /**
   * The thread's contextmenu: opens the menu when the selection lies in one customer message's
   * text (`[data-author-type=visitor] .body`); otherwise leaves the browser's menu alone.
   */
  open(event: MouseEvent): void {
    if (!this.contactId() || !this.session.canReply()) return;
    const selection = globalThis.getSelection?.();
    const text = selection?.toString().trim() ?? '';
    if (!selection || !text || text.length > SELECTION_MAX || selection.rangeCount === 0) return;
    const body = (n: Node | null) => (n instanceof Element ? n : n?.parentElement)?.closest('[data-author-type="visitor"] .body') ?? null;
    const start = body(selection.anchorNode);
    if (!start || start !== body(selection.focusNode)) return;
    event.preventDefault();
    // keyboard (context-menu key): at the selection; pointer: at the pointer; kept on screen
    const atPointer = event.clientX > 0 || event.clientY > 0;
    const rect = atPointer ? null : selection.getRangeAt(0).getBoundingClientRect();
    const x = Math.min(rect ? rect.left : event.clientX, globalThis.innerWidth - 220);
    const y = Math.min(rect ? rect.bottom : event.clientY, globalThis.innerHeight - 280);
    this.menu.set({ x: Math.max(0, x), y: Math.max(0, y), text });
    setTimeout(() => this.items()[0]?.focus());
  }

  protected close(): void {
    this.menu.set(null);
  }

  protected keys(e: KeyboardEvent): void {
    const items = this.items();
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      this.close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    }
  }

  protected async pick(target: SelectionTarget): Promise<void> {
    const m = this.menu();
    const contactId = this.contactId();
    this.close();
    if (!m || !contactId || this.busy) return;
    this.busy = true;
    const label = SELECTION_TARGETS.find((t) => t.target === target)?.saved ?? 'Value';
    try {
      await this.edits.setFromSelection(contactId, target, m.text);
      this.say(`${label} saved on the client: ${m.text.length > 60 ? m.text.slice(0, 60) + '…' : m.text}`, false);
    } catch (e) {
      this.say(`${label} not saved: ${e instanceof GraphqlRequestError && e.code === 'BAD_USER_INPUT' ? e.message : describeError(e)}`, true);
    } finally {
      this.busy = false;
    }
  }

  /** Issue #12 (E3): the product popup (opened by the side panel's Products widget) with the selected text in its search box. */
  protected findProduct(): void {
    const m = this.menu();
    this.close();
    if (m) this.picker.find(m.text, this.contactId());
  }

  private items(): HTMLButtonElement[] {
    return [...this.host.nativeElement.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  private say(text: string, error: boolean): void {
    this.status.set({ text, error });
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => this.status.set(null), error ? 8000 : 4000);
  }
}

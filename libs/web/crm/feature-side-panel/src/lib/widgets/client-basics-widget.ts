import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { ADDRESS_PARTS, ADDRESS_PARTS_BEFORE_SPLIT, AddressPart, ErrorCode, Permission, tagTextColor } from '@parley/shared/contracts';
import { ClientAddressChange, ClientCard, ClientCardStore, ClientDuplicate, ClientMatch, ClientMergeField } from '@parley/web/crm/data-access';
import { contactName, ThreadStore } from '@parley/web/inbox/data-access';
import { ContactAvatar } from '@parley/web/inbox/ui';
import { Conversation, SessionStore, TagEventsStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { ClientFields } from './client-fields';
import { WIDGET_STYLES } from './widget-styles';

export const ADDRESS_PART_LABELS: Record<AddressPart, string> = {
  postalCode: 'Postal code',
  country: 'Country',
  region: 'Region',
  city: 'City',
  metro: 'Metro',
  street: 'Street',
  house: 'House',
  building: 'Building',
  block: 'Block',
  entrance: 'Entrance',
  floor: 'Floor',
  flat: 'Flat',
};

/** What an edit's refusal says: the server's words for a bad value (and for the refusals that explain themselves), a generic text otherwise. */
function messageOf(e: unknown): string {
  if (e instanceof GraphqlRequestError && e.message && [ErrorCode.BadUserInput, ErrorCode.Forbidden, ErrorCode.NotFound].includes(e.code as ErrorCode)) return e.message;
  return describeError(e);
}

/** The values a merge lets the operator choose between, with their labels. */
const MERGE_FIELDS: ReadonlyArray<{ field: ClientMergeField; label: string; value: (c: ClientCard) => string }> = [
  { field: 'firstName', label: 'First name', value: (c) => c.firstName ?? '' },
  { field: 'lastName', label: 'Last name', value: (c) => c.lastName ?? '' },
  { field: 'middleName', label: 'Middle name', value: (c) => c.middleName ?? '' },
  { field: 'phone', label: 'Primary phone', value: (c) => c.phone ?? '' },
  { field: 'email', label: 'Primary e-mail', value: (c) => c.email ?? '' },
  { field: 'address', label: 'Address', value: (c) => c.address.line || ADDRESS_PARTS_BEFORE_SPLIT.map((p) => c.address[p]).filter(Boolean).join(', ') },
  { field: 'owner', label: 'Owner', value: (c) => c.owner?.displayName ?? '' },
];

/** The merge being prepared: the duplicate, its card once read, and the values taken from it. */
interface Merging {
  other: ClientDuplicate['contact'];
  theirs: ClientCard | null;
  take: ReadonlySet<ClientMergeField>;
}

/** Which inline editor is open: the name, one phone / e-mail (`id`, or `new`), or the address. */
type Editing = { kind: 'name' } | { kind: 'phone' | 'email'; id: string | 'new' } | { kind: 'address' } | null;

/** A phone typed far enough to be compared (the server normalises; a partial number matches nothing anyway). */
const worthMatching = (kind: 'phone' | 'email', v: string) => (kind === 'phone' ? v.replace(/\D/g, '').length >= 7 : /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v));

/**
 * The side panel's pinned client widget (SPEC E2, seed 004): avatar, name and pinned tags; every
 * phone and e-mail (the primary one first) and the address. Operators who may edit clients edit
 * in place: the pencil opens the name (first, last, middle), a click on a phone, an e-mail or the
 * address opens it (Enter saves, Escape cancels), "Add phone" / "Add e-mail" add one, × removes
 * one, ☆ makes one primary. The address is one line plus postal code, city, country, region and
 * metro (not linked to it), or split into every part (then linked: the line is composed). While
 * a phone or e-mail is typed that another client already has, the widget offers that client:
 * "Link this conversation" moves the chat to them. The server validates every value (invalid
 * phone, e-mail, a duplicate) and its words appear under the field. Another operator's edit shows
 * live; the conversation's header and list follow a saved name.
 */
@Component({
  selector: 'pl-client-basics-widget',
  imports: [ClientFields, ContactAvatar, NgTemplateOutlet],
  providers: [ClientCardStore],
  template: `
    <h2 id="contact-title">Contact</h2>
    <div class="name" data-testid="contact-heading">
      <pl-contact-avatar class="avatar" [contact]="conversation()?.contact" />
      <span class="display" data-testid="contact-name">{{ displayName() }}</span>
      @if (canEdit() && card() && editing()?.kind !== 'name') {
        <button type="button" class="icon" (click)="edit({ kind: 'name' })" aria-label="Edit the name" title="Edit the name" data-testid="contact-name-edit">✎</button>
      }
      @for (t of pinnedTags(); track t.id) {
        <span class="pinned-tag" [style.background]="t.color" [style.color]="textColor(t.color)" data-testid="pinned-tag">{{ t.name }}</span>
      }
    </div>
    @if (editing()?.kind === 'name' && card(); as c) {
      <form class="editor" (submit)="$event.preventDefault(); saveName()" (keydown.escape)="cancel()" data-testid="contact-name-form" aria-label="Name">
        <label for="cb-first">First name</label>
        <input id="cb-first" name="firstName" [value]="c.firstName ?? ''" autocomplete="off" data-testid="contact-first-name" />
        <label for="cb-last">Last name</label>
        <input id="cb-last" name="lastName" [value]="c.lastName ?? ''" autocomplete="off" data-testid="contact-last-name" />
        <label for="cb-middle">Middle name</label>
        <input id="cb-middle" name="middleName" [value]="c.middleName ?? ''" autocomplete="off" data-testid="contact-middle-name" />
        <div class="buttons">
          <button type="submit" class="save" [disabled]="busy()" data-testid="contact-name-save">Save</button>
          <button type="button" class="link" (click)="cancel()">Cancel</button>
        </div>
        @if (error(); as e) {
          <p class="error" role="alert" data-testid="contact-edit-error">{{ e }}</p>
        }
      </form>
    }

    @if (store.error(); as e) {
      <p class="error" role="alert" data-testid="contact-load-error">The client could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
    }
    @if (!conversation()?.contact) {
      <p class="none">This conversation has no client.</p>
    } @else if (card(); as c) {
      @if (!c.name && !c.phones.length && !c.emails.length) {
        <p class="none" data-testid="contact-unknown">The visitor has not shared a name, e-mail or phone yet.</p>
      }
      <dl>
        <dt id="cb-phones">Phone</dt>
        <dd aria-labelledby="cb-phones" data-testid="contact-phones">
          @for (p of c.phones; track p.id) {
            <ng-container *ngTemplateOutlet="value; context: { kind: 'phone', item: p }" />
          } @empty {
            @if (editing()?.kind !== 'phone') {
              <span class="none">Not known</span>
            }
          }
          <ng-container *ngTemplateOutlet="adder; context: { kind: 'phone' }" />
        </dd>
        <dt id="cb-emails">E-mail</dt>
        <dd aria-labelledby="cb-emails" data-testid="contact-emails">
          @for (m of c.emails; track m.id) {
            <ng-container *ngTemplateOutlet="value; context: { kind: 'email', item: m }" />
          } @empty {
            @if (editing()?.kind !== 'email') {
              <span class="none">Not known</span>
            }
          }
          <ng-container *ngTemplateOutlet="adder; context: { kind: 'email' }" />
        </dd>
        <dt id="cb-address">Address</dt>
        <dd aria-labelledby="cb-address" data-testid="contact-address">
          @if (editing()?.kind === 'address') {
            <form class="editor" (submit)="$event.preventDefault(); saveAddress()" (keydown.escape)="cancel()" data-testid="contact-address-form" aria-label="Address">
              <label class="check"><input type="checkbox" [checked]="split()" (change)="split.set($any($event.target).checked)" data-testid="contact-address-split" /> Split into fields</label>
              @if (!split()) {
                <label for="cb-line">Address</label>
                <input id="cb-line" name="line" [value]="c.address.line ?? ''" autocomplete="off" data-testid="contact-address-line" />
              }
              <div class="parts">
                @for (part of addressParts(); track part) {
                  <label [for]="'cb-' + part">{{ partLabels[part] }}<input [id]="'cb-' + part" [name]="part" [value]="c.address[part] ?? ''" autocomplete="off" [attr.data-testid]="'contact-address-' + part" /></label>
                }
              </div>
              <div class="buttons">
                <button type="submit" class="save" [disabled]="busy()" data-testid="contact-address-save">Save</button>
                <button type="button" class="link" (click)="cancel()">Cancel</button>
              </div>
              @if (error(); as e) {
                <p class="error" role="alert" data-testid="contact-edit-error">{{ e }}</p>
              }
            </form>
          } @else if (canEdit()) {
            <button type="button" class="field" (click)="edit({ kind: 'address' })" [attr.aria-label]="'Edit the address' + (addressText() ? ': ' + addressText() : '')" data-testid="contact-address-value">
              @if (addressText(); as a) {
                {{ a }}
              } @else {
                <span class="none">Add an address</span>
              }
            </button>
          } @else {
            @if (addressText(); as a) {
              {{ a }}
            } @else {
              <span class="none">Not known</span>
            }
          }
        </dd>
      </dl>
      @if (rowError(); as e) {
        <p class="error" role="alert" data-testid="contact-row-error">{{ e }}</p>
      }
      <pl-client-fields [card]="c" [canEdit]="canEdit()" />
      @if (store.duplicates().length && !merging()) {
        <section class="dups" aria-labelledby="cb-dups" data-testid="contact-duplicates">
          <h3 id="cb-dups">Possible duplicates</h3>
          @for (d of store.duplicates(); track d.contact.id) {
            <div class="dup" data-testid="contact-duplicate">
              <span class="dup-name">{{ d.contact.displayName }}</span>
              <span class="badge">shares {{ d.shared.join(', ') }}</span>
              @if (canMerge()) {
                <button type="button" class="link" (click)="openMerge(d)" [disabled]="busy()" [attr.aria-label]="'Merge ' + d.contact.displayName + ' into this client'" data-testid="contact-merge-open">Merge…</button>
              }
            </div>
          }
        </section>
      }
      @if (merging(); as mg) {
        <form class="editor merge" (submit)="$event.preventDefault(); merge()" (keydown.escape)="closeMerge()" aria-labelledby="cb-merge-title" data-testid="contact-merge-form">
          <h3 id="cb-merge-title">Merge {{ mg.other.displayName }} into this client</h3>
          @if (!mg.theirs) {
            <p class="none" aria-busy="true">Loading {{ mg.other.displayName }}…</p>
          } @else {
            @for (row of mergeRows(); track row.field) {
              <fieldset class="choice" [attr.data-testid]="'merge-row-' + row.field">
                <legend>{{ row.label }}</legend>
                <label><input type="radio" [name]="'merge-' + row.field" [checked]="!mg.take.has(row.field)" (change)="choose(row.field, false)" [attr.data-testid]="'merge-keep-' + row.field" /> {{ row.mine }}</label>
                <label><input type="radio" [name]="'merge-' + row.field" [checked]="mg.take.has(row.field)" (change)="choose(row.field, true)" [attr.data-testid]="'merge-take-' + row.field" /> {{ row.theirs }}</label>
              </fieldset>
            } @empty {
              <p class="none">No value differs: nothing to choose.</p>
            }
            <p class="badge merge-note">Values this client lacks are filled from {{ mg.other.displayName }}. Phones, e-mails, tags, custom fields, conversations, notes and tasks of both stay, on this client; {{ mg.other.displayName }} is then deleted.</p>
          }
          <div class="buttons">
            <button type="submit" class="save" [disabled]="busy() || !mg.theirs" data-testid="contact-merge-confirm">Merge</button>
            <button type="button" class="link" (click)="closeMerge()">Cancel</button>
          </div>
          @if (error(); as e) {
            <p class="error" role="alert" data-testid="contact-edit-error">{{ e }}</p>
          }
        </form>
      }
    } @else if (!store.loaded()) {
      <p class="none" aria-busy="true">Loading the client…</p>
    }

    <ng-template #value let-kind="kind" let-item="item">
      @if (isEditing(kind, item.id)) {
        <ng-container *ngTemplateOutlet="editor; context: { kind, item }" />
      } @else {
        <div class="row" [attr.data-testid]="'contact-' + kind" [class.primary]="item.primary">
          @if (canEdit()) {
            <button type="button" class="field" (click)="edit({ kind, id: item.id })" [attr.aria-label]="'Edit ' + item.value" [attr.data-testid]="'contact-' + kind + '-value'">{{ item.value }}</button>
          } @else if (kind === 'email') {
            <a [href]="'mailto:' + item.value" [attr.data-testid]="'contact-' + kind + '-value'">{{ item.value }}</a>
          } @else {
            <span [attr.data-testid]="'contact-' + kind + '-value'">{{ item.value }}</span>
          }
          @if (item.primary) {
            <span class="badge" title="Primary">primary</span>
          }
          @if (canEdit()) {
            @if (!item.primary) {
              <button type="button" class="icon" (click)="makePrimary(kind, item.id)" [disabled]="busy()" [attr.aria-label]="'Make ' + item.value + ' primary'" title="Make primary" [attr.data-testid]="'contact-' + kind + '-primary'">☆</button>
            }
            <button type="button" class="icon" (click)="remove(kind, item.id)" [disabled]="busy()" [attr.aria-label]="'Remove ' + item.value" title="Remove" [attr.data-testid]="'contact-' + kind + '-remove'">×</button>
          }
        </div>
      }
    </ng-template>

    <ng-template #adder let-kind="kind">
      @if (isEditing(kind, 'new')) {
        <ng-container *ngTemplateOutlet="editor; context: { kind, item: null }" />
      } @else if (canEdit() && !editing()) {
        <button type="button" class="link add" (click)="edit({ kind, id: 'new' })" [attr.data-testid]="'contact-' + kind + '-add'">{{ kind === 'phone' ? 'Add phone' : 'Add e-mail' }}</button>
      }
    </ng-template>

    <ng-template #editor let-kind="kind" let-item="item">
      <form class="editor" (submit)="$event.preventDefault(); saveValue(kind, item?.id ?? 'new')" (keydown.escape)="cancel()" [attr.data-testid]="'contact-' + kind + '-form'">
        <label class="sr-only" [for]="'cb-' + kind + '-input'">{{ kind === 'phone' ? 'Phone number' : 'E-mail address' }}</label>
        <input
          [id]="'cb-' + kind + '-input'"
          [type]="kind === 'phone' ? 'tel' : 'email'"
          [value]="item?.value ?? ''"
          (input)="typed(kind, $any($event.target).value)"
          [placeholder]="kind === 'phone' ? '+48 600 123 456' : 'name@example.com'"
          autocomplete="off"
          [attr.aria-invalid]="!!error()"
          [attr.data-testid]="'contact-' + kind + '-input'"
        />
        <div class="buttons">
          <button type="submit" class="save" [disabled]="busy()" [attr.data-testid]="'contact-' + kind + '-save'">Save</button>
          <button type="button" class="link" (click)="cancel()">Cancel</button>
        </div>
        @if (error(); as e) {
          <p class="error" role="alert" data-testid="contact-edit-error">{{ e }}</p>
        }
        @for (m of matches(); track m.id) {
          <p class="match" role="status" data-testid="contact-match">
            <strong>{{ m.displayName }}</strong> already has this {{ kind === 'phone' ? 'number' : 'address' }}.
            <button type="button" class="link" (click)="link(m)" [disabled]="busy()" data-testid="contact-match-link">Link this conversation to {{ m.displayName }}</button>
          </p>
        }
      </form>
    </ng-template>
  `,
  styles: [
    WIDGET_STYLES,
    `
      .name {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 4px 8px;
        font: var(--mat-sys-title-medium);
        margin: 0 0 12px;
        overflow-wrap: anywhere;
      }
      .pinned-tag {
        padding: 0 8px;
        border-radius: 10px;
        font: var(--mat-sys-label-small);
        line-height: 18px;
      }
      dl {
        grid-template-columns: auto minmax(0, 1fr);
      }
      dd {
        min-width: 0;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 4px;
        min-height: 28px;
      }
      .field {
        border: 0;
        background: none;
        padding: 2px 4px;
        margin: 0 -4px;
        border-radius: 4px;
        font: inherit;
        color: inherit;
        text-align: left;
        cursor: text;
        overflow-wrap: anywhere;
      }
      .field:hover,
      .field:focus-visible {
        background: var(--mat-sys-surface-container-high);
        outline: 1px solid var(--mat-sys-outline-variant);
      }
      .icon {
        border: 0;
        background: none;
        padding: 0 4px;
        cursor: pointer;
        color: var(--mat-sys-on-surface-variant);
        font: var(--mat-sys-body-large);
        line-height: 1;
      }
      .icon:hover,
      .icon:focus-visible {
        color: var(--mat-sys-primary);
      }
      .badge {
        white-space: nowrap;
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .add {
        font: var(--mat-sys-label-medium);
      }
      .editor {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 4px 0 8px;
      }
      .editor input:not([type='checkbox']) {
        box-sizing: border-box;
        width: 100%;
        font: inherit;
        padding: 4px 6px;
        border: 1px solid var(--mat-sys-outline);
        border-radius: 4px;
        min-width: 0;
      }
      .editor label {
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .check {
        display: flex;
        gap: 6px;
        align-items: center;
      }
      .parts {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 4px 8px;
      }
      .parts label {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .buttons {
        display: flex;
        gap: 12px;
        align-items: center;
        margin-top: 4px;
      }
      .save {
        font: var(--mat-sys-label-large);
        padding: 4px 12px;
        border-radius: 14px;
        border: 0;
        background: var(--mat-sys-primary);
        color: var(--mat-sys-on-primary);
        cursor: pointer;
      }
      .dups h3 {
        margin-top: 16px;
      }
      .dup {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: baseline;
      }
      .choice {
        border: 1px solid var(--mat-sys-outline-variant);
        border-radius: 6px;
        margin: 0;
        padding: 4px 8px 6px;
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .choice legend {
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .choice label {
        font: var(--mat-sys-body-medium);
        color: var(--mat-sys-on-surface);
        overflow-wrap: anywhere;
      }
      .merge-note {
        white-space: normal;
      }
      .match {
        margin: 4px 0 0;
        padding: 6px 8px;
        border-radius: 6px;
        background: var(--mat-sys-secondary-container);
        color: var(--mat-sys-on-secondary-container);
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientBasicsWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(ClientCardStore);
  private readonly session = inject(SessionStore);
  private readonly thread = inject(ThreadStore, { optional: true });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly tagEvents = inject(TagEventsStore);
  protected readonly textColor = tagTextColor;
  protected readonly partLabels = ADDRESS_PART_LABELS;

  /** The same name as the list and the header: the real one, or the visitor's stable pseudonym. */
  protected readonly displayName = computed(() => contactName(this.conversation()));
  /** E1: the client's pinned tags beside the name, live through an admin's renames. */
  protected readonly pinnedTags = computed(() => this.tagEvents.apply(this.conversation()?.contact?.tags).filter((t) => t.pinned));
  private readonly contactId = computed(() => this.conversation()?.contact?.id ?? null);
  /** The card of the conversation's client (another client's, from a moment ago, is not shown). */
  protected readonly card = computed(() => {
    const c = this.store.card();
    return c && c.id === this.conversation()?.contact?.id ? c : null;
  });
  /** The server checks the same: a role that replies and "Edit clients". */
  protected readonly canEdit = computed(() => this.session.canReply() && this.session.permissions().has(Permission.edit_clients));
  /** F1: merging needs "Merge clients" besides "Edit clients" (the server checks both). */
  protected readonly canMerge = computed(() => this.canEdit() && this.session.permissions().has(Permission.merge_clients));
  protected readonly merging = signal<Merging | null>(null);
  /** The values both clients have and that differ: the operator picks one of each. */
  protected readonly mergeRows = computed(() => {
    const theirs = this.merging()?.theirs;
    const mine = this.card();
    if (!theirs || !mine) return [];
    return MERGE_FIELDS.map((f) => ({ field: f.field, label: f.label, mine: f.value(mine), theirs: f.value(theirs) })).filter((r) => r.mine && r.theirs && r.mine !== r.theirs);
  });
  protected readonly editing = signal<Editing>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly rowError = signal<string | null>(null);
  protected readonly matches = signal<ClientMatch[]>([]);
  protected readonly split = signal(false);
  protected readonly addressParts = computed<readonly AddressPart[]>(() => (this.split() ? ADDRESS_PARTS : ADDRESS_PARTS_BEFORE_SPLIT));
  protected readonly addressText = computed(() => {
    const a = this.card()?.address;
    if (!a) return '';
    if (a.split || a.line) return a.line ?? '';
    // not split and no line: the parts known before splitting
    return ADDRESS_PARTS_BEFORE_SPLIT.map((p) => a[p]).filter(Boolean).join(', ');
  });
  private matchTimer: ReturnType<typeof setTimeout> | null = null;
  private matchSeq = 0;

  constructor() {
    this.tagEvents.ensureStarted();
    this.store.onSaved = (card) => this.patchConversation(card);
    // only another client closes an open editor (a new message or a saved value updates the conversation too)
    effect(() => {
      const id = this.contactId();
      untracked(() => {
        this.cancel();
        this.merging.set(null);
        this.store.open(id);
      });
    });
  }

  protected isEditing(kind: 'phone' | 'email', id: string): boolean {
    const e = this.editing();
    return !!e && e.kind === kind && 'id' in e && e.id === id;
  }

  protected edit(what: NonNullable<Editing>): void {
    this.error.set(null);
    this.matches.set([]);
    if (what.kind === 'address') this.split.set(!!this.card()?.address.split);
    this.editing.set(what);
    const focusId = what.kind === 'name' ? 'cb-first' : what.kind === 'address' ? (this.split() ? 'cb-postalCode' : 'cb-line') : `cb-${what.kind}-input`;
    setTimeout(() => this.host.nativeElement.querySelector<HTMLInputElement>(`#${focusId}`)?.focus());
  }

  protected cancel(): void {
    this.editing.set(null);
    this.rowError.set(null);
    this.error.set(null);
    this.matches.set([]);
    if (this.matchTimer) clearTimeout(this.matchTimer);
    this.matchSeq++;
  }

  protected saveName(): Promise<void> {
    const v = (id: string) => this.host.nativeElement.querySelector<HTMLInputElement>(`#${id}`)?.value.trim() || null;
    return this.run(() => this.store.setName({ firstName: v('cb-first'), lastName: v('cb-last'), middleName: v('cb-middle') }));
  }

  protected saveValue(kind: 'phone' | 'email', id: string): Promise<void> {
    const value = this.host.nativeElement.querySelector<HTMLInputElement>(`#cb-${kind}-input`)?.value.trim() ?? '';
    if (!value) {
      this.error.set(kind === 'phone' ? 'Enter a phone number, or remove it with ×' : 'Enter an e-mail address, or remove it with ×');
      return Promise.resolve();
    }
    if (kind === 'phone') return this.run(() => (id === 'new' ? this.store.addPhone(value) : this.store.updatePhone(id, value)));
    return this.run(() => (id === 'new' ? this.store.addEmail(value) : this.store.updateEmail(id, value)));
  }

  protected saveAddress(): Promise<void> {
    const v = (part: string) => this.host.nativeElement.querySelector<HTMLInputElement>(`#cb-${part}`)?.value.trim() ?? '';
    const change: ClientAddressChange = { split: this.split() };
    for (const p of this.addressParts()) change[p] = v(p) || null;
    if (!this.split()) change.line = v('line') || null;
    return this.run(() => this.store.setAddress(change));
  }

  protected makePrimary(kind: 'phone' | 'email', id: string): Promise<void> {
    return this.run(() => (kind === 'phone' ? this.store.makePhonePrimary(id) : this.store.makeEmailPrimary(id)), false);
  }

  protected remove(kind: 'phone' | 'email', id: string): Promise<void> {
    return this.run(() => (kind === 'phone' ? this.store.removePhone(id) : this.store.removeEmail(id)), false);
  }

  /** Offers the clients that already have what is being typed (the newest answer wins). */
  protected typed(kind: 'phone' | 'email', value: string): void {
    this.error.set(null);
    if (this.matchTimer) clearTimeout(this.matchTimer);
    const seq = ++this.matchSeq;
    const v = value.trim();
    if (!worthMatching(kind, v)) {
      this.matches.set([]);
      return;
    }
    this.matchTimer = setTimeout(async () => {
      try {
        const found = await this.store.matches(kind === 'phone' ? { phone: v } : { email: v });
        if (seq === this.matchSeq) this.matches.set(found.slice(0, 3));
      } catch {
        // a convenience: an invalid value is said on Save
        if (seq === this.matchSeq) this.matches.set([]);
      }
    }, 300);
  }

  protected async link(match: ClientMatch): Promise<void> {
    const conversation = this.conversation();
    if (!conversation || this.busy()) return;
    this.busy.set(true);
    try {
      const moved = await this.store.link(conversation.id, match.id);
      this.cancel();
      this.thread?.conversation.update((c) => (c && c.id === moved.id ? { ...c, ...moved } : c));
    } catch (e) {
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async openMerge(d: ClientDuplicate): Promise<void> {
    this.cancel();
    this.merging.set({ other: d.contact, theirs: null, take: new Set() });
    try {
      const theirs = await this.store.cardOf(d.contact.id);
      this.merging.update((mg) => (mg && mg.other.id === d.contact.id ? { ...mg, theirs } : mg));
      setTimeout(() => this.host.nativeElement.querySelector<HTMLInputElement>('[data-testid="contact-merge-form"] input, [data-testid="contact-merge-confirm"]')?.focus());
    } catch (e) {
      this.error.set(messageOf(e));
    }
  }

  protected choose(field: ClientMergeField, take: boolean): void {
    this.merging.update((mg) => {
      if (!mg) return mg;
      const next = new Set(mg.take);
      if (take) next.add(field);
      else next.delete(field);
      return { ...mg, take: next };
    });
  }

  protected closeMerge(): void {
    this.merging.set(null);
    this.error.set(null);
  }

  protected async merge(): Promise<void> {
    const mg = this.merging();
    if (!mg?.theirs || this.busy()) return;
    // only the rows shown count: a value that no longer differs is not taken
    const shown = new Set(this.mergeRows().map((r) => r.field));
    const take = [...mg.take].filter((f) => shown.has(f));
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.store.merge(mg.other.id, take);
      this.merging.set(null);
    } catch (e) {
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }

  /** Saves; an editor's save closes it, and its refusal shows in it; a row's action (remove, primary) says its refusal under the list. */
  private async run(save: () => Promise<ClientCard>, fromEditor = true): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.rowError.set(null);
    try {
      await save();
      if (fromEditor) this.cancel();
    } catch (e) {
      (fromEditor ? this.error : this.rowError).set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }

  /** The conversation's header and list show the saved name, e-mail and phone at once. */
  private patchConversation(card: ClientCard): void {
    this.thread?.conversation.update((c) => (c && c.contact?.id === card.id ? { ...c, contact: { ...c.contact, name: card.name, email: card.email, phone: card.phone } } : c));
  }
}

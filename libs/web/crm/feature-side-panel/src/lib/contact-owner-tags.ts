import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { ErrorCode, normalizeTagName, OperatorRole, Permission, tagNameError, tagTextColor } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { Contact, Tag, TagEventsStore } from '@parley/web/shared/data-access';
import { TeammatesStore } from '@parley/web/tools/data-access';
import { ClientEditsService } from '@parley/web/crm/data-access';

/** The name as the API stores it (trimmed, whitespace collapsed), or an error to show instead of calling it. */
export function checkTagName(raw: string, current: readonly Tag[]): { name: string } | { error: string } {
  const name = normalizeTagName(raw);
  const error = tagNameError(name);
  if (error) return { error: `${error}.` };
  if (current.some((t) => t.name.toLowerCase() === name.toLowerCase())) return { error: `The contact already has the tag "${name}".` };
  return { name };
}

/** Pinned tags first (in their order), then the others — as the server sorts them. */
export function sortTags<T extends { pinned?: boolean }>(tags: readonly T[]): T[] {
  return [...tags].sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned));
}

/** The server's own words for a refused input (they name the problem), the usual sentence otherwise. */
function messageOf(e: unknown): string {
  return e instanceof GraphqlRequestError && e.code === ErrorCode.BadUserInput ? e.message : describeError(e);
}

/**
 * SPEC C6 in the client side panel: the contact's owner and tags. Operators who reply change them
 * (the server checks the role and that they can see the conversation); observers only read.
 * `changed` hands the saved contact to the thread; other operators get it through the inbox events.
 */
@Component({
  selector: 'pl-contact-owner-tags',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <h3 id="owner-title">Owner</h3>
    @if (canEdit()) {
      <mat-form-field subscriptSizing="dynamic" class="owner">
        <mat-label>Owner of this contact</mat-label>
        <select matNativeControl (change)="setOwner($any($event.target))" [disabled]="busy()" data-testid="contact-owner-select">
          <option value="" [selected]="!contact().owner">Nobody</option>
          @for (o of ownerChoices(); track o.id) {
            <option [value]="o.id" [selected]="o.id === contact().owner?.id">{{ o.displayName }}</option>
          }
        </select>
      </mat-form-field>
    } @else {
      <p data-testid="contact-owner">{{ contact().owner?.displayName || 'Nobody' }}</p>
    }

    <h3 id="tags-title">Tags</h3>
    <ul class="tags" aria-labelledby="tags-title" data-testid="contact-tags">
      @for (t of tags(); track t.id) {
        <li class="tag" data-testid="contact-tag" [class.pinned]="t.pinned" [style.background]="t.color" [style.color]="textColor(t.color)">
          @if (canEdit()) {
            <button
              type="button"
              class="pin"
              [disabled]="busy()"
              (click)="togglePin(t)"
              [attr.aria-pressed]="t.pinned"
              [attr.aria-label]="(t.pinned ? 'Unpin tag ' : 'Pin tag ') + t.name"
              [title]="t.pinned ? 'Pinned by the client name — click to unpin' : 'Click to pin by the client name'"
              data-testid="pin-tag"
            >
              @if (t.pinned) {
                <mat-icon aria-hidden="true" class="pin-icon">push_pin</mat-icon>
              }
              <span class="name">{{ t.name }}</span>
            </button>
          } @else {
            @if (t.pinned) {
              <mat-icon aria-hidden="true" class="pin-icon">push_pin</mat-icon>
            }
            <span class="name">{{ t.name }}</span>
          }
          @if (canEdit()) {
            <button type="button" class="remove" [disabled]="busy()" (click)="removeTag(t)" [attr.aria-label]="'Remove tag ' + t.name" data-testid="remove-tag">×</button>
          }
        </li>
      } @empty {
        <li class="none" data-testid="no-tags">{{ canEdit() ? 'No tags yet. Add one below to group this client.' : 'No tags.' }}</li>
      }
    </ul>
    @if (canEdit()) {
      <form class="add" (submit)="$event.preventDefault(); addTag()">
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Add a tag</mat-label>
          <input matInput [formControl]="newTag" [matAutocomplete]="auto" maxlength="60" (focus)="search()" data-testid="new-tag" />
          <mat-autocomplete #auto="matAutocomplete" (optionSelected)="picked($event.option.value)">
            @for (t of suggestions(); track t.id) {
              <mat-option [value]="t.name" data-testid="tag-option"><span class="dot" [style.background]="t.color"></span>{{ t.name }}</mat-option>
            }
            @if (createName(); as name) {
              @if (canCreate()) {
                <mat-option [value]="name" data-testid="create-tag-option">Create tag “{{ name }}”</mat-option>
              } @else {
                <mat-option disabled data-testid="no-tag-match">No tags match “{{ name }}”</mat-option>
              }
            }
          </mat-autocomplete>
        </mat-form-field>
        <button mat-stroked-button type="submit" [disabled]="busy()" data-testid="add-tag">Add</button>
      </form>
    }
    @if (error()) {
      <p class="error" role="alert" data-testid="contact-edit-error">{{ error() }}</p>
    }
  `,
  styles: `
    h3 {
      margin: 16px 0 8px;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    p {
      margin: 0;
    }
    .owner,
    .add mat-form-field {
      width: 100%;
    }
    .tags {
      list-style: none;
      margin: 0 0 8px;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .tag {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      padding: 2px 4px 2px 10px;
      border-radius: 12px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      overflow-wrap: anywhere;
    }
    .tag.pinned {
      box-shadow: 0 0 0 2px var(--mat-sys-primary);
    }
    .pin {
      border: 0;
      background: transparent;
      color: inherit;
      cursor: pointer;
      font: inherit;
      padding: 0;
    }
    .pin:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
    .pin-icon {
      font-size: 14px;
      width: 14px;
      height: 14px;
      vertical-align: -2px;
    }
    .dot {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      margin-right: 8px;
    }
    .remove {
      border: 0;
      background: transparent;
      color: inherit;
      cursor: pointer;
      font-size: 16px;
      line-height: 1;
      padding: 2px 6px;
      border-radius: 50%;
    }
    .remove:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
    .add {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .error {
      color: var(--mat-sys-error);
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactOwnerTags {
  readonly conversationId = input.required<string>();
  readonly contact = input.required<Contact>();
  readonly changed = output<Contact>();

  private readonly edits = inject(ClientEditsService);
  private readonly teammates = inject(TeammatesStore);
  private readonly session = inject(SessionStore);
  /** The server checks the same: a role that replies and the "Edit clients" right. */
  protected readonly canEdit = computed(() => this.session.canReply() && this.session.permissions().has(Permission.edit_clients));

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly newTag = new FormControl('', { nonNullable: true });
  private readonly tagEvents = inject(TagEventsStore);
  /** E1: a new tag needs the "Create tags" right (the server refuses it too). */
  protected readonly canCreate = computed(() => this.session.permissions().has(Permission.create_tags));
  private readonly found = signal<Tag[]>([]);
  private readonly typed = signal('');
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchSeq = 0;
  /** The client's tags as they are now (renames / deletions by an admin applied live), pinned first. */
  protected readonly tags = computed(() => sortTags(this.tagEvents.apply(this.contact().tags ?? [])));
  protected readonly textColor = tagTextColor;

  /** Active operators who handle chats (no observers); the current owner stays listed even when deactivated since. */
  protected readonly ownerChoices = computed(() => {
    const list = this.teammates.items().filter((t) => t.role !== OperatorRole.observer).map((t) => ({ id: t.id, displayName: t.displayName }));
    const owner = this.contact().owner;
    return owner && !list.some((o) => o.id === owner.id) ? [...list, { id: owner.id, displayName: `${owner.displayName} (deactivated)` }] : list;
  });
  /** The server's matches, without the tags the client has. */
  protected readonly suggestions = computed(() => {
    const have = new Set(this.tags().map((t) => t.id));
    return this.tagEvents.apply(this.found()).filter((t) => !have.has(t.id));
  });
  /** What was typed when no tag has exactly that name: offered for creation (or said to match nothing). */
  protected readonly createName = computed(() => {
    const name = normalizeTagName(this.typed());
    if (!name || tagNameError(name)) return '';
    const lower = name.toLowerCase();
    if ([...this.found(), ...this.tags()].some((t) => t.name.toLowerCase() === lower)) return '';
    return name;
  });

  constructor() {
    void this.teammates.ensureLoaded();
    this.tagEvents.ensureStarted();
    this.newTag.valueChanges.subscribe((v) => {
      this.typed.set(v);
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => void this.search(), 150);
    });
  }

  /** E1 typeahead: asks the server (the newest answer wins). */
  protected async search(): Promise<void> {
    const seq = ++this.searchSeq;
    try {
      const tags = await this.edits.searchTags(normalizeTagName(this.typed()), 8);
      if (seq === this.searchSeq) this.found.set(tags);
    } catch {
      // suggestions are a convenience: typing again retries
    }
  }

  protected picked(name: string): void {
    this.newTag.setValue(name, { emitEvent: false });
    this.typed.set(name);
    void this.addTag();
  }

  protected togglePin(tag: Tag): Promise<void> {
    return this.run(() => this.edits.pinTag(this.conversationId(), tag.id, !tag.pinned));
  }

  protected async setOwner(select: HTMLSelectElement): Promise<void> {
    const ownerId = select.value || null;
    if (ownerId === (this.contact().owner?.id ?? null)) return;
    await this.run(() => this.edits.setOwner(this.conversationId(), ownerId));
    // refused: the list shows the owner the contact still has
    if (this.error()) select.value = this.contact().owner?.id ?? '';
  }

  protected async addTag(): Promise<void> {
    const checked = checkTagName(this.newTag.value, this.contact().tags ?? []);
    if ('error' in checked) {
      this.error.set(checked.error);
      return;
    }
    await this.run(() => this.edits.tag(this.conversationId(), checked.name));
    if (!this.error()) {
      this.newTag.setValue('', { emitEvent: false });
      this.typed.set('');
      this.found.set([]);
    }
  }

  protected removeTag(tag: Tag): Promise<void> {
    return this.run(() => this.edits.untag(this.conversationId(), tag.id));
  }

  private async run(save: () => Promise<Contact>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set('');
    try {
      this.changed.emit(await save());
    } catch (e) {
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }
}

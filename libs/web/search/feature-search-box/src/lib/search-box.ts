import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { Clock } from '@parley/web/shared/util';
import { SearchHit } from '@parley/web/shared/data-access';
import { messageTime } from '@parley/web/shared/util';
import { HighlightedText } from './highlighted-text';
import { SearchStore } from '@parley/web/search/data-access';

/** The top bar search box and its results panel. `/` focuses it (see the shell), Esc clears it. */
@Component({
  selector: 'pl-search-box',
  imports: [MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, HighlightedText],
  providers: [SearchStore],
  template: `
    <div class="box" (focusout)="onFocusOut($event)">
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="field">
        <mat-label>Search messages and contacts</mat-label>
        <input
          #input
          matInput
          type="search"
          data-testid="search-input"
          autocomplete="off"
          aria-keyshortcuts="/"
          aria-controls="search-results"
          [attr.aria-expanded]="panelOpen()"
          [value]="store.text()"
          (input)="onInput(input.value)"
          (focus)="open.set(true)"
          (keydown.escape)="onEscape($event)"
          (keydown.enter)="openFirst()"
        />
      </mat-form-field>
      @if (panelOpen()) {
        <div id="search-results" class="panel" role="region" aria-label="Search results" data-testid="search-results">
          @if (store.loading()) {
            <mat-progress-bar mode="indeterminate" aria-label="Searching" />
          }
          @if (store.error(); as error) {
            <p class="note error" role="alert" data-testid="search-error">{{ error }}</p>
          }
          <ul>
            @for (hit of store.hits(); track hit.kind + (hit.messageId ?? hit.conversationId)) {
              <li>
                <button type="button" class="hit" data-testid="search-hit" (click)="go(hit)">
                  <span class="meta">
                    <span class="who">{{ hit.contactDisplayName || hit.contactName || (hit.kind === 'contact' ? 'Contact' : 'Visitor') }}</span>&ngsp;<time [attr.datetime]="hit.at">{{ time(hit.at) }}</time>
                  </span>
                  <span class="text"><pl-highlighted-text [segments]="hit.segments" /></span>
                </button>
              </li>
            } @empty {
              @if (!store.loading() && !store.error() && store.activeQuery()) {
                <li class="note" data-testid="search-empty">Nothing found for “{{ store.activeQuery() }}”.</li>
              }
            }
          </ul>
          @if (store.hasNextPage()) {
            <button mat-button type="button" data-testid="search-more" (click)="store.loadMore()" [disabled]="store.loading()">More results</button>
          }
        </div>
      }
    </div>
  `,
  styles: `
    :host { display: block; position: relative; width: min(420px, 40vw); }
    .field { width: 100%; font: var(--mat-sys-body-medium); --mat-form-field-container-height: 40px; --mat-form-field-container-vertical-padding: 8px; }
    .panel {
      position: absolute; top: calc(100% + 4px); left: 0; right: 0; z-index: 20; max-height: 70vh; overflow: auto;
      background: var(--mat-sys-surface-container); border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px; box-shadow: 0 6px 24px rgb(0 0 0 / 18%); padding: 4px 0;
    }
    ul { list-style: none; margin: 0; padding: 0; }
    .hit {
      display: flex; flex-direction: column; gap: 2px; width: 100%; text-align: left; border: 0; background: none;
      padding: 8px 12px; cursor: pointer; font: var(--mat-sys-body-medium); color: inherit;
    }
    .hit:hover, .hit:focus-visible { background: var(--mat-sys-surface-container-high); outline: none; }
    .meta { display: flex; justify-content: space-between; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .who { font-weight: 600; }
    .text { overflow-wrap: anywhere; }
    .note { padding: 8px 12px; margin: 0; color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchBox {
  protected readonly store = inject(SearchStore);
  private readonly router = inject(Router);
  private readonly clock = inject(Clock);
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');
  private readonly host = inject(ElementRef<HTMLElement>);

  protected readonly open = signal(false);
  protected readonly panelOpen = computed(() => this.open() && (this.store.activeQuery() !== null || this.store.error() !== null));

  focus(): void {
    this.input().nativeElement.focus();
    this.input().nativeElement.select();
  }

  protected onInput(value: string): void {
    this.open.set(true);
    this.store.setText(value);
  }

  protected onEscape(event: Event): void {
    event.preventDefault();
    this.store.clear();
    this.open.set(false);
    // [value] only writes when the bound text changed since the last render; if no render ran
    // between typing and Esc, the bound value is still '' and the box would keep the text
    this.input().nativeElement.value = '';
    this.input().nativeElement.blur();
  }

  protected openFirst(): void {
    const first = this.store.hits()[0];
    if (first) this.go(first);
  }

  protected onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (!next || !(this.host.nativeElement as HTMLElement).contains(next)) this.open.set(false);
  }

  protected go(hit: SearchHit): void {
    this.open.set(false);
    void this.router.navigate(['/inbox', hit.conversationId], { queryParams: hit.seq !== null ? { seq: hit.seq } : {} });
  }

  protected time(iso: string): string {
    return messageTime(iso, this.clock.now());
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { SIDE_PANEL_WIDGET_CATALOG } from '@parley/shared/contracts';
import { SidePanelLayoutStore } from '@parley/web/crm/data-access';

/**
 * Settings › Chats › Widgets (SPEC E0): which widgets of the conversation's side panel the
 * workspace uses. A disabled widget vanishes from every operator's panel at once; the client card
 * is always shown. Operators arrange the enabled ones themselves, in the panel.
 */
@Component({
  selector: 'pl-side-panel-widgets-page',
  imports: [MatSlideToggleModule, MatProgressBarModule],
  template: `
    <div class="page">
      <h1>Chat side panel widgets</h1>
      <p class="hint">What agents see beside a conversation. Each operator orders, collapses and hides the enabled widgets in their own panel.</p>
      @if (!layout.loaded() && !layout.error()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the widgets" />
      }
      <ul class="list" aria-label="Side panel widgets">
        @for (w of catalog; track w.kind) {
          <li [attr.data-widget]="w.kind" data-testid="widget-setting">
            <mat-slide-toggle
              [checked]="!disabled().has(w.kind)"
              [disabled]="w.pinned || saving() || !layout.loaded()"
              (change)="toggle(w.kind, $event)"
              [attr.data-testid]="'widget-enabled-' + w.kind"
              >{{ w.label }}</mat-slide-toggle
            >
            @if (w.pinned) {
              <span class="note">Always shown, on top</span>
            }
          </li>
        }
      </ul>
      @if (error(); as e) {
        <p class="error" role="alert" data-testid="widgets-error">{{ e }}</p>
      } @else if (layout.error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
      @if (saved()) {
        <p class="ok" role="status" data-testid="widgets-saved">Saved: every operator's panel follows now.</p>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 720px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    .hint, .note { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
    .list li { display: flex; gap: 16px; align-items: center; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SidePanelWidgetsPage {
  protected readonly layout = inject(SidePanelLayoutStore);
  protected readonly catalog = SIDE_PANEL_WIDGET_CATALOG;
  protected readonly disabled = computed(() => new Set(this.layout.disabledKinds()));
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly saved = signal(false);

  constructor() {
    void this.layout.ensureLoaded();
  }

  protected async toggle(kind: string, change: MatSlideToggleChange): Promise<void> {
    const enabled = change.checked;
    const next = new Set(this.disabled());
    if (enabled) next.delete(kind);
    else next.add(kind);
    this.saving.set(true);
    this.saved.set(false);
    this.error.set(null);
    const error = await this.layout.setDisabled([...next]);
    this.saving.set(false);
    if (error) {
      this.error.set(`Not saved: ${error}`);
      // the toggle shows what is stored again
      change.source.checked = !enabled;
    } else this.saved.set(true);
  }
}

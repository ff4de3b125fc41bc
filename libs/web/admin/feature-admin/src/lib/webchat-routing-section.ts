import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ApiClient } from '@parley/web/shared/data-access';
import { routingError } from '@parley/web/admin/data-access';
import { UpdateWebchatRoutingDocument, WebchatRoutingDocument } from '@parley/web/admin/data-access';

interface Rule {
  urlContains: string;
  groupId: string;
}

/** SPEC B3 on the channel settings page: the default group and page rules (URL contains → group). */
@Component({
  selector: 'pl-webchat-routing-section',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <section aria-labelledby="sec-routing" data-testid="routing-section">
      <h2 id="sec-routing">Routing</h2>
      @if (!groups().length) {
        <p class="muted">Add groups under Admin › Groups to route chats by page.</p>
      } @else {
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Default group</mat-label>
          <mat-select [(ngModel)]="defaultGroupId" name="defaultGroup" data-testid="default-group">
            <mat-option [value]="null">No group (every agent's queue)</mat-option>
            @for (g of groups(); track g.id) {
              <mat-option [value]="g.id">{{ g.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <p class="muted">Page rules: the first rule whose text the page address contains wins. <code>data-group="GROUP_ID"</code> on the embed line comes first.</p>
        @for (r of rules(); track $index; let i = $index) {
          <div class="rule">
            <mat-form-field appearance="outline">
              <mat-label>URL contains</mat-label>
              <input matInput [name]="'url-' + i" [(ngModel)]="r.urlContains" maxlength="200" [attr.data-testid]="'rule-url-' + i" />
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Group</mat-label>
              <mat-select [(ngModel)]="r.groupId" [name]="'group-' + i" [attr.data-testid]="'rule-group-' + i">
                @for (g of groups(); track g.id) {
                  <mat-option [value]="g.id">{{ g.name }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <button mat-button type="button" (click)="removeRule(i)" [attr.aria-label]="'Remove rule ' + (i + 1)">Remove</button>
          </div>
        }
        <button mat-button type="button" (click)="addRule()" data-testid="add-rule">Add page rule</button>
        <div>
          <button mat-stroked-button type="button" (click)="save()" [disabled]="saving()" data-testid="save-routing">{{ saving() ? 'Saving…' : 'Save routing' }}</button>
          @if (error()) {
            <p class="error" role="alert" data-testid="routing-error">{{ error() }}</p>
          }
          @if (saved()) {
            <p class="ok" role="status" data-testid="routing-saved">Routing saved.</p>
          }
        </div>
      }
    </section>
  `,
  styles: `
    .wide { width: 100%; }
    .rule { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
    .ok { color: #15803d; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebchatRoutingSection {
  private readonly api = inject(ApiClient);
  readonly channelId = input.required<string>();
  protected readonly groups = signal<Array<{ id: string; name: string }>>([]);
  protected readonly rules = signal<Rule[]>([]);
  protected readonly saving = signal(false);
  protected readonly error = signal('');
  protected readonly saved = signal(false);
  protected defaultGroupId: string | null = null;

  constructor() {
    effect(() => void this.load(this.channelId()));
  }

  protected addRule(): void {
    this.rules.update((r) => [...r, { urlContains: '', groupId: this.groups()[0]?.id ?? '' }]);
  }

  protected removeRule(i: number): void {
    this.rules.update((r) => r.filter((_, j) => j !== i));
  }

  protected async save(): Promise<void> {
    const rules = this.rules();
    const blank = rules.findIndex((r) => !r.urlContains.trim() || !r.groupId);
    if (blank >= 0) {
      this.error.set(`Rule ${blank + 1}: enter the text of the address and choose a group`);
      return;
    }
    this.saving.set(true);
    this.error.set('');
    this.saved.set(false);
    try {
      await this.api.request(UpdateWebchatRoutingDocument, { input: { channelId: this.channelId(), defaultGroupId: this.defaultGroupId, pageRules: rules } });
      this.saved.set(true);
    } catch (e) {
      this.error.set(routingError(e));
    } finally {
      this.saving.set(false);
    }
  }

  private async load(id: string): Promise<void> {
    try {
      const r = await this.api.request(WebchatRoutingDocument, { id });
      this.groups.set(r.groups);
      this.defaultGroupId = r.channel.webchatRouting?.defaultGroupId ?? null;
      this.rules.set((r.channel.webchatRouting?.pageRules ?? []).map((x) => ({ urlContains: x.urlContains, groupId: x.groupId })));
    } catch (e) {
      this.error.set(routingError(e));
    }
  }
}

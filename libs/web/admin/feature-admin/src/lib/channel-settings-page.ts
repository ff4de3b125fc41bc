import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormArray, FormBuilder, FormGroup, FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { DomSanitizer, SafeResourceUrl } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { LAUNCHER_ICONS, LauncherIcon, LauncherShape, WEBCHAT_LIMITS, WebchatLanguage, WidgetPosition } from '@parley/shared/contracts';
import { WebchatRoutingSection } from './webchat-routing-section';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { HasUnsavedChanges } from './admin-guards';
import { WebchatMailSettingsForm } from './webchat-mail-settings';
import { CHANNEL, CHANNEL_UPDATED, UPDATE_WEBCHAT_CHANNEL } from '@parley/web/admin/data-access';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { WidgetBehaviourSection } from './widget-behaviour-section';
import { AcquisitionOptionsDocument, BotScenarioNamesDocument } from '@parley/web/admin/data-access';
import {
  colorValidator,
  directLink,
  embedCode,
  errorMessage,
  httpsOrEmptyValidator,
  LANGUAGE_NAMES,
  LANGUAGES,
  OwnerOption,
  ownerOptions,
  serverFieldErrors,
  tagNameValidator,
  tagSuggestions,
  toFormValue,
  toInput,
  toPreviewSettings,
  WebchatChannel,
  WebchatFormValue,
  WebchatTextsValue,
} from './webchat-form';

type TextsGroup = FormGroup<{ language: FormControl<WebchatLanguage>; header: FormControl<string>; welcome: FormControl<string> }>;

export const DEVICES = {
  desktop: { label: 'Desktop', width: 1280, height: 800 },
  tablet: { label: 'Tablet', width: 768, height: 1024 },
  phone: { label: 'Phone', width: 375, height: 740 },
} as const;
export type Device = keyof typeof DEVICES;

const COLOR_FIELDS: ReadonlyArray<{ key: 'header' | 'launcher' | 'operatorBubble' | 'visitorBubble' | 'text'; label: string }> = [
  { key: 'header', label: 'Header' },
  { key: 'launcher', label: 'Launcher button' },
  { key: 'operatorBubble', label: 'Operator bubbles' },
  { key: 'visitorBubble', label: 'Visitor bubbles' },
  { key: 'text', label: 'Text' },
];

/** `/admin/channels/:channelId`: every web chat window option, a live preview, embed code and direct link. */
@Component({
  selector: 'pl-channel-settings-page',
  imports: [
    WebchatRoutingSection,
    ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule,
    MatButtonModule, MatButtonToggleModule, MatProgressBarModule, MatAutocompleteModule, WidgetBehaviourSection, WebchatMailSettingsForm,
  ],
  templateUrl: './channel-settings-page.html',
  styleUrl: './channel-settings-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:beforeunload)': 'onBeforeUnload($event)', '(window:message)': 'onWindowMessage($event)' },
})
export class ChannelSettingsPage implements HasUnsavedChanges {
  readonly channelId = input.required<string>();

  private readonly api = inject(ApiClient);
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly sanitizer = inject(DomSanitizer);
  private readonly clipboard = inject(Clipboard);
  private readonly previewFrame = viewChild<ElementRef<HTMLIFrameElement>>('previewFrame');

  protected readonly limits = WEBCHAT_LIMITS;
  protected readonly languageNames = LANGUAGE_NAMES;
  protected readonly launcherIcons = LAUNCHER_ICONS;
  protected readonly colorFields = COLOR_FIELDS;
  protected readonly devices = Object.entries(DEVICES).map(([key, d]) => ({ key: key as Device, ...d }));

  protected readonly channel = signal<WebchatChannel | null>(null);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly loadError = signal('');
  protected readonly saveError = signal('');
  protected readonly saved = signal(false);
  protected readonly copied = signal<'' | 'embed' | 'link'>('');
  protected readonly device = signal<Device>('desktop');
  /** Another admin saved this channel while this form had unsaved changes. */
  protected readonly remoteChange = signal<WebchatChannel | null>(null);
  /** SPEC D2: the workspace's bot scenarios for the bot's select. */
  protected readonly botScenarios = signal<Array<{ id: string; name: string }>>([]);
  protected readonly newLanguage = new FormControl<WebchatLanguage | ''>('', { nonNullable: true });

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(WEBCHAT_LIMITS.channelName)]],
    active: [true],
    botEnabled: [false],
    botScenarioId: [null as string | null],
    companyName: ['', [Validators.maxLength(WEBCHAT_LIMITS.companyName)]],
    avatarUrl: ['', [httpsOrEmptyValidator, Validators.maxLength(WEBCHAT_LIMITS.avatarUrl)]],
    defaultLanguage: ['en' as WebchatLanguage],
    texts: this.fb.array<TextsGroup>([]),
    inputPlaceholder: ['', [Validators.maxLength(WEBCHAT_LIMITS.inputPlaceholder)]],
    colors: this.fb.group({
      header: ['#3b5bdb', colorValidator],
      launcher: ['#3b5bdb', colorValidator],
      operatorBubble: ['#ffffff', colorValidator],
      visitorBubble: ['#3b5bdb', colorValidator],
      text: ['#1f2937', colorValidator],
    }),
    radius: [14, [Validators.required, Validators.min(WEBCHAT_LIMITS.radiusMin), Validators.max(WEBCHAT_LIMITS.radiusMax)]],
    launcherIcon: ['chat' as LauncherIcon],
    launcherShape: ['circle' as LauncherShape],
    hideLauncher: [false],
    position: ['right' as WidgetPosition],
    showOperatorIdentity: [false],
    acquisition: this.fb.group({
      tag: ['', [tagNameValidator]],
      ownerId: this.fb.control<string | null>(null),
    }),
  });

  /** SPEC C6 choices: operators (admins and supervisors may list them) and catalog tags for suggestions. */
  private readonly operators = signal<OwnerOption[]>([]);
  private readonly catalogTags = signal<Array<{ id: string; name: string }>>([]);
  protected readonly optionsError = signal('');

  private readonly formValue = signal<WebchatFormValue | null>(null);
  protected readonly usedLanguages = computed(() => (this.formValue()?.texts ?? []).map((t) => t.language));
  protected readonly freeLanguages = computed(() => LANGUAGES.filter((l) => !this.usedLanguages().includes(l)));
  protected readonly owners = computed(() => ownerOptions(this.operators(), this.formValue()?.acquisition.ownerId ?? null));
  protected readonly tagOptions = computed(() => tagSuggestions(this.catalogTags(), this.formValue()?.acquisition.tag ?? ''));
  protected readonly origin = typeof location !== 'undefined' ? location.origin : '';
  protected readonly embed = computed(() => embedCode(this.origin, this.channel()?.publicKey ?? ''));
  protected readonly link = computed(() => directLink(this.origin, this.channel()?.publicKey ?? ''));
  protected readonly previewUrl = computed<SafeResourceUrl | null>(() => {
    const c = this.channel();
    // a constant path plus an encoded key: safe to hand to the iframe
    return c ? this.sanitizer.bypassSecurityTrustResourceUrl(`/preview/widget?channel=${encodeURIComponent(c.publicKey)}`) : null;
  });
  protected readonly frameSize = computed(() => {
    const d = DEVICES[this.device()];
    const scale = Math.min(1, 560 / d.width, 620 / d.height);
    return { width: d.width, height: d.height, scale, boxWidth: Math.round(d.width * scale), boxHeight: Math.round(d.height * scale) };
  });

  get texts(): FormArray<TextsGroup> {
    return this.form.controls.texts;
  }

  constructor() {
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      this.formValue.set(this.form.getRawValue());
      this.saved.set(false);
      this.postPreview();
    });
    effect(() => void this.load(this.channelId()));
    void this.loadAcquisitionOptions();
    void this.api.request(BotScenarioNamesDocument).then(
      (r) => this.botScenarios.set(r.botScenarios),
      () => undefined,
    );
    // live: another admin's save shows up here (applied at once unless this form has unsaved edits)
    const off = inject(RealtimeClient).subscribe<{ channelUpdated: WebchatChannel }>(CHANNEL_UPDATED, {
      next: ({ channelUpdated: c }) => this.onRemoteSave(c),
      error: () => undefined,
    });
    inject(DestroyRef).onDestroy(off);
  }

  private onRemoteSave(c: WebchatChannel): void {
    const current = this.channel();
    if (!current || c.id !== current.id || this.saving() || JSON.stringify(c) === JSON.stringify(current)) return;
    if (this.form.dirty) this.remoteChange.set(c);
    else this.reset(c);
  }

  protected loadRemoteChange(): void {
    const c = this.remoteChange();
    if (c) this.reset(c);
  }

  hasUnsavedChanges(): boolean {
    return this.form.dirty && !this.saving();
  }

  protected onBeforeUnload(event: BeforeUnloadEvent): void {
    if (this.hasUnsavedChanges()) event.preventDefault();
  }

  /** The preview frame says it is ready: send it the form as it is. */
  protected onWindowMessage(event: MessageEvent): void {
    const frame = this.previewFrame()?.nativeElement;
    if (!frame || event.source !== frame.contentWindow || event.origin !== this.origin) return;
    if ((event.data as { type?: string } | null)?.type === 'parley:preview-ready') this.postPreview();
  }

  private postPreview(): void {
    const win = this.previewFrame()?.nativeElement.contentWindow;
    if (!win || !this.channel()) return;
    win.postMessage({ type: 'parley:preview-settings', settings: toPreviewSettings(this.form.getRawValue()) }, this.origin);
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.loadError.set('');
    try {
      const r = await this.api.request<{ channel: WebchatChannel }>(CHANNEL, { id });
      if (!r.channel.webchat) throw new Error('This channel is not a web chat.');
      this.reset(r.channel);
    } catch (e) {
      this.loadError.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }

  private async loadAcquisitionOptions(): Promise<void> {
    try {
      const r = await this.api.request(AcquisitionOptionsDocument);
      this.operators.set(r.operators);
      this.catalogTags.set(r.tags);
    } catch (e) {
      this.optionsError.set(`Could not load the operators and tags: ${describeError(e)}`);
    }
  }

  private reset(c: WebchatChannel): void {
    const v = toFormValue(c);
    this.texts.clear({ emitEvent: false });
    for (const t of v.texts) this.texts.push(this.textsGroup(t), { emitEvent: false });
    this.channel.set(c);
    this.remoteChange.set(null);
    this.form.reset(v);
    this.form.markAsPristine();
  }

  private textsGroup(t: WebchatTextsValue): TextsGroup {
    return this.fb.group({
      language: [t.language],
      header: [t.header, [Validators.maxLength(WEBCHAT_LIMITS.header)]],
      welcome: [t.welcome, [Validators.maxLength(WEBCHAT_LIMITS.welcome)]],
    });
  }

  protected addLanguage(): void {
    const language = this.newLanguage.value;
    if (!language || this.usedLanguages().includes(language)) return;
    const base = this.texts.at(0)?.getRawValue();
    this.texts.push(this.textsGroup({ language, header: base?.header ?? '', welcome: base?.welcome ?? '' }));
    this.newLanguage.setValue('');
    this.form.markAsDirty();
  }

  protected removeLanguage(index: number): void {
    const language = this.texts.at(index).controls.language.value;
    if (language === this.form.controls.defaultLanguage.value) return;
    this.texts.removeAt(index);
    this.form.markAsDirty();
  }

  protected setDevice(device: Device): void {
    this.device.set(device);
  }

  /** The message for a control's first error ('' when valid or untouched). */
  protected err(path: string): string {
    const c = this.form.get(path);
    return c && c.invalid && (c.touched || c.dirty || c.hasError('server')) ? errorMessage(c.errors) : '';
  }

  protected async save(): Promise<void> {
    const c = this.channel();
    if (!c || this.saving()) return;
    this.saveError.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.saveError.set('Check the highlighted fields.');
      return;
    }
    this.saving.set(true);
    try {
      const r = await this.api.request<{ updateWebchatChannel: WebchatChannel }>(UPDATE_WEBCHAT_CHANNEL, { input: toInput(c.id, this.form.getRawValue()) });
      this.reset(r.updateWebchatChannel);
      this.saved.set(true);
      // a new tag typed here is now in the catalog: offer it next time
      const tag = r.updateWebchatChannel.webchat?.acquisition?.tag;
      if (tag && !this.catalogTags().some((t) => t.name.toLowerCase() === tag.toLowerCase())) this.catalogTags.update((list) => [...list, { id: '', name: tag }]);
    } catch (e) {
      const fields = serverFieldErrors(e);
      const unknown: string[] = [];
      for (const [path, message] of Object.entries(fields)) {
        const control = this.form.get(path);
        if (control) {
          control.setErrors({ ...(control.errors ?? {}), server: message });
          control.markAsTouched();
        } else unknown.push(`${path}: ${message}`);
      }
      this.saveError.set(Object.keys(fields).length ? `Check the highlighted fields.${unknown.length ? ' ' + unknown.join('; ') : ''}` : describeError(e));
    } finally {
      this.saving.set(false);
    }
  }

  protected copy(what: 'embed' | 'link'): void {
    if (this.clipboard.copy(what === 'embed' ? this.embed() : this.link())) this.copied.set(what);
  }
}

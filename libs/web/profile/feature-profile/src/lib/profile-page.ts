import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { LANGUAGE_CODE_PATTERN, MAX_DISPLAY_NAME_LENGTH, MAX_OPERATOR_LANGUAGES } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { OperatorProfile } from '@parley/web/shared/data-access';
import { initials, serverMessage } from '@parley/web/shared/util';
import { AvatarCropper } from './avatar-cropper';
import { ChangeEmailDocument, ChangePasswordDocument, MeDocument, RemoveAvatarDocument, SetAvatarDocument, UpdateProfileDocument } from '@parley/web/shared/data-access';

const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_SOURCE_BYTES = 15 * 1024 * 1024;

/** "en, PL , pt-br" → ['en', 'pl', 'pt-BR'], or the first bad code. */
export function parseLanguages(text: string): { codes: string[]; bad: string | null } {
  const codes: string[] = [];
  for (const raw of text.split(/[\s,;]+/).filter(Boolean)) {
    const [lang, region] = raw.split('-');
    const code = region ? `${lang.toLowerCase()}-${region.toUpperCase()}` : raw.toLowerCase();
    if (!LANGUAGE_CODE_PATTERN.test(code)) return { codes, bad: raw };
    if (!codes.includes(code)) codes.push(code);
  }
  return { codes, bad: null };
}

/** Issue #10: the longest e-mail signature the API takes. */
const MAX_SIGNATURE_LENGTH = 2000;

/** `/profile` (SPEC B1): the signed-in operator's name, login e-mail, password, avatar, switches and languages. */
@Component({
  selector: 'pl-profile-page',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatSlideToggleModule, MatProgressBarModule, RouterLink, AvatarCropper],
  templateUrl: './profile-page.html',
  styleUrl: './profile-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfilePage {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly me = signal<OperatorProfile | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly maxName = MAX_DISPLAY_NAME_LENGTH;
  protected readonly initials = initials;

  protected readonly profileForm = this.fb.group({
    displayName: ['', [Validators.required, Validators.maxLength(MAX_DISPLAY_NAME_LENGTH)]],
    soundEnabled: [true],
    pushEnabled: [true],
    languages: [''],
    emailSignature: ['', [Validators.maxLength(MAX_SIGNATURE_LENGTH)]],
  });
  protected readonly maxSignature = MAX_SIGNATURE_LENGTH;
  protected readonly profileStatus = signal<{ ok: boolean; text: string } | null>(null);
  protected readonly savingProfile = signal(false);

  protected readonly emailForm = this.fb.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    currentPassword: ['', Validators.required],
  });
  protected readonly emailStatus = signal<{ ok: boolean; text: string } | null>(null);
  protected readonly savingEmail = signal(false);

  protected readonly passwordForm = this.fb.group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(200)]],
    confirm: ['', Validators.required],
  });
  protected readonly passwordStatus = signal<{ ok: boolean; text: string } | null>(null);
  protected readonly savingPassword = signal(false);

  protected readonly pickedFile = signal<File | null>(null);
  protected readonly avatarStatus = signal<{ ok: boolean; text: string } | null>(null);
  protected readonly savingAvatar = signal(false);

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const data = await this.api.request(MeDocument);
      this.apply(data.me);
      this.emailForm.controls.email.setValue(data.me.email);
    } catch (error) {
      this.loadError.set(serverMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  private apply(me: OperatorProfile): void {
    this.me.set(me);
    this.session.updateOperator(me);
    this.profileForm.reset({ displayName: me.displayName, soundEnabled: me.soundEnabled, pushEnabled: me.pushEnabled, languages: me.languages.join(', '), emailSignature: me.emailSignature ?? '' });
  }

  protected async saveProfile(): Promise<void> {
    this.profileStatus.set(null);
    const { displayName, soundEnabled, pushEnabled, languages, emailSignature } = this.profileForm.getRawValue();
    const parsed = parseLanguages(languages);
    if (parsed.bad) {
      this.profileStatus.set({ ok: false, text: `"${parsed.bad}" is not a language code. Use codes such as en, pl, pt-BR.` });
      return;
    }
    if (parsed.codes.length > MAX_OPERATOR_LANGUAGES) {
      this.profileStatus.set({ ok: false, text: `At most ${MAX_OPERATOR_LANGUAGES} languages.` });
      return;
    }
    if (this.profileForm.invalid || !displayName.trim()) {
      this.profileForm.markAllAsTouched();
      return;
    }
    if (pushEnabled && !this.me()?.pushEnabled && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      void Notification.requestPermission();
    }
    this.savingProfile.set(true);
    try {
      const data = await this.api.request(UpdateProfileDocument, { input: { displayName, soundEnabled, pushEnabled, languages: parsed.codes, emailSignature } });
      this.apply(data.updateProfile);
      this.profileStatus.set({ ok: true, text: 'Profile saved.' });
    } catch (error) {
      this.profileStatus.set({ ok: false, text: serverMessage(error) });
    } finally {
      this.savingProfile.set(false);
    }
  }

  protected async saveEmail(): Promise<void> {
    this.emailStatus.set(null);
    if (this.emailForm.invalid) {
      this.emailForm.markAllAsTouched();
      return;
    }
    this.savingEmail.set(true);
    try {
      const data = await this.api.request(ChangeEmailDocument, { input: this.emailForm.getRawValue() });
      this.me.set(data.changeEmail);
      this.session.updateOperator(data.changeEmail);
      this.emailForm.reset({ email: data.changeEmail.email, currentPassword: '' });
      this.emailStatus.set({ ok: true, text: 'Your login e-mail is changed.' });
    } catch (error) {
      this.emailForm.controls.currentPassword.reset();
      this.emailStatus.set({ ok: false, text: serverMessage(error) });
    } finally {
      this.savingEmail.set(false);
    }
  }

  protected async savePassword(): Promise<void> {
    this.passwordStatus.set(null);
    const { currentPassword, newPassword, confirm } = this.passwordForm.getRawValue();
    if (this.passwordForm.invalid) {
      this.passwordForm.markAllAsTouched();
      return;
    }
    if (newPassword !== confirm) {
      this.passwordStatus.set({ ok: false, text: 'The two new passwords differ.' });
      return;
    }
    this.savingPassword.set(true);
    try {
      await this.api.request(ChangePasswordDocument, { input: { currentPassword, newPassword } });
      this.passwordForm.reset();
      this.passwordStatus.set({ ok: true, text: 'Password changed. Your other sessions were signed out.' });
    } catch (error) {
      this.passwordForm.controls.currentPassword.reset();
      this.passwordStatus.set({ ok: false, text: serverMessage(error) });
    } finally {
      this.savingPassword.set(false);
    }
  }

  protected readonly signingOut = signal(false);

  /** Ends every session of the operator; their other devices' sockets close and go to sign-in at once. */
  protected async logoutEverywhere(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.session.logout(true);
    } finally {
      this.signingOut.set(false);
    }
  }

  protected onFile(event: Event): void {
    const inputEl = event.target as HTMLInputElement;
    const file = inputEl.files?.[0];
    inputEl.value = '';
    this.avatarStatus.set(null);
    if (!file) return;
    if (!ACCEPTED_TYPES.includes(file.type)) {
      this.avatarStatus.set({ ok: false, text: 'Choose a PNG, JPEG or WebP picture.' });
      return;
    }
    if (file.size > MAX_SOURCE_BYTES) {
      this.avatarStatus.set({ ok: false, text: 'This picture is too large (15 MB at most).' });
      return;
    }
    this.pickedFile.set(file);
  }

  protected async uploadAvatar(dataUrl: string): Promise<void> {
    this.savingAvatar.set(true);
    try {
      const data = await this.api.request(SetAvatarDocument, { input: { data: dataUrl } });
      this.me.set(data.setAvatar);
      this.session.updateOperator(data.setAvatar);
      this.pickedFile.set(null);
      this.avatarStatus.set({ ok: true, text: 'Avatar saved.' });
    } catch (error) {
      this.avatarStatus.set({ ok: false, text: serverMessage(error) });
    } finally {
      this.savingAvatar.set(false);
    }
  }

  protected async removeAvatar(): Promise<void> {
    this.savingAvatar.set(true);
    try {
      const data = await this.api.request(RemoveAvatarDocument);
      this.me.set(data.removeAvatar);
      this.session.updateOperator(data.removeAvatar);
      this.avatarStatus.set({ ok: true, text: 'Avatar removed.' });
    } catch (error) {
      this.avatarStatus.set({ ok: false, text: serverMessage(error) });
    } finally {
      this.savingAvatar.set(false);
    }
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { ErrorCode } from '@parley/shared/contracts';
import { describeError, errorCodeOf } from '../core/graphql-error';
import { SessionStore } from './session-store';

/** Only same-app paths, never another origin ("//evil.test"). */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : '/inbox';
}

@Component({
  selector: 'pl-login-page',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule],
  templateUrl: './login-page.html',
  styleUrl: './login-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  /** Query parameters, bound by the router. */
  readonly expired = input<string | undefined>();
  readonly returnUrl = input<string | undefined>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly showExpired = computed(() => this.expired() === '1' && this.failure() === null && !this.submitting());

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.failure.set(null);
    const { email, password } = this.form.getRawValue();
    try {
      await this.session.login(email.trim(), password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      const code = errorCodeOf(error);
      this.failure.set(
        code === ErrorCode.InvalidCredentials
          ? 'Wrong e-mail or password. Check both and try again.'
          : code === ErrorCode.RateLimited || code === ErrorCode.Forbidden
            ? // the server says how long to wait, or that the account was deactivated
              (error as Error).message || 'Too many sign-in attempts. Wait a minute and try again.'
            : describeError(error),
      );
      this.form.controls.password.reset();
    } finally {
      this.submitting.set(false);
    }
  }
}

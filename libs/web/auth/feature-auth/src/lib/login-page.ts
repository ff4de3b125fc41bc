import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, computed, inject, Injector, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { ErrorCode } from '@parley/shared/contracts';
import { describeError, errorCodeOf, GraphqlRequestError } from '@parley/web/shared/util';
import { Workspace } from '@parley/web/shared/data-access';
import { SessionStore } from '@parley/web/shared/data-access';

/** The workspaces a WORKSPACE_CHOICE answer lists (the e-mail and password fit operators of each). */
export function workspaceChoices(error: unknown): Workspace[] {
  if (!(error instanceof GraphqlRequestError) || error.code !== ErrorCode.WorkspaceChoice) return [];
  const list = error.errors[0]?.extensions?.['workspaces'];
  return Array.isArray(list)
    ? list.filter((w): w is Workspace => !!w && typeof w === 'object' && typeof (w as Workspace).id === 'string' && typeof (w as Workspace).name === 'string')
    : [];
}

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
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Query parameters, bound by the router. */
  readonly expired = input<string | undefined>();
  readonly returnUrl = input<string | undefined>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly failure = signal<string | null>(null);
  /** Set when the e-mail and password fit several workspaces: the picker shows instead of the form. */
  protected readonly choices = signal<Workspace[] | null>(null);
  protected readonly chosenEmail = signal('');
  protected readonly showExpired = computed(() => this.expired() === '1' && this.failure() === null && !this.submitting() && !this.choices());

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    await this.signIn();
  }

  /** The picker: signs in to the chosen workspace with the e-mail and password already typed. */
  protected async choose(workspace: Workspace): Promise<void> {
    if (this.submitting()) return;
    await this.signIn(workspace.id);
  }

  /** Back from the picker to the form (the password is typed again). */
  protected back(): void {
    this.choices.set(null);
    this.form.controls.password.reset();
    this.focus('[data-testid="login-password"]');
  }

  private async signIn(workspaceId?: string): Promise<void> {
    this.submitting.set(true);
    this.failure.set(null);
    const { email, password } = this.form.getRawValue();
    try {
      if (workspaceId) await this.session.login(email.trim(), password, workspaceId);
      else await this.session.login(email.trim(), password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      const choices = workspaceId ? [] : workspaceChoices(error);
      if (choices.length) {
        this.chosenEmail.set(email.trim());
        this.choices.set(choices);
        this.focus('[data-testid="login-workspace"]');
        return;
      }
      this.choices.set(null);
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

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}

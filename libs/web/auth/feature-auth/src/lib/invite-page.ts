import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { GraphqlTransport } from '@parley/web/shared/data-access';
import { InvitationPreview } from '@parley/web/shared/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { AcceptInvitationDocument, InvitationPreviewDocument } from '@parley/web/shared/data-access';

/** Why a link cannot be used, in words a colleague can act on (extensions.reason from the API). */
export function invitationProblem(error: unknown): string {
  const reason = error instanceof GraphqlRequestError ? (error.errors[0]?.extensions?.['reason'] as string | undefined) : undefined;
  switch (reason) {
    case 'INVITATION_USED':
      return 'This invitation has already been used. Sign in with your e-mail and password, or ask an admin for a new invitation.';
    case 'INVITATION_EXPIRED':
      return 'This invitation has expired (links work for 5 days). Ask an admin to send you a new one.';
    case 'INVITATION_REVOKED':
      return 'This invitation was withdrawn by an admin. Ask them for a new one if you still need access.';
    case 'INVITATION_UNKNOWN':
      return 'This invitation link is not valid. Check that you opened the whole link from the e-mail.';
    case 'EMAIL_TAKEN':
      return 'An operator with this e-mail already exists. Sign in instead.';
    default:
      return describeError(error);
  }
}

/** `/invite/:token` (SPEC B8): a colleague picks a name and password and joins the inviting workspace. */
@Component({
  selector: 'pl-invite-page',
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule],
  template: `
    <main class="page">
      <section class="card" aria-labelledby="invite-title">
        @if (loading() || submitting()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="submitting() ? 'Creating your account' : 'Checking the invitation'" />
        }
        <div class="content">
          <div class="brand" aria-hidden="true">P</div>
          @if (problem(); as message) {
            <h1 id="invite-title">Invitation unavailable</h1>
            <p class="notice error" role="alert" data-testid="invite-problem">{{ message }}</p>
            <a mat-stroked-button routerLink="/login" data-testid="invite-to-login">Go to sign in</a>
          } @else if (preview(); as p) {
            <h1 id="invite-title">Join {{ p.workspaceName }}</h1>
            <p class="lead">You were invited as <b>{{ p.role }}</b> with <b data-testid="invite-email">{{ p.email }}</b>. Choose your name and a password.</p>
            @if (failure(); as f) {
              <p class="notice error" role="alert" data-testid="invite-error">{{ f }}</p>
            }
            <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
              <mat-form-field appearance="outline">
                <mat-label>Your name</mat-label>
                <input matInput formControlName="displayName" autocomplete="name" required maxlength="100" data-testid="invite-name" />
                @if (form.controls.displayName.hasError('required')) {
                  <mat-error>Enter your name.</mat-error>
                }
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Password</mat-label>
                <input matInput type="password" formControlName="password" autocomplete="new-password" required data-testid="invite-password" />
                <mat-hint>At least 8 characters</mat-hint>
                @if (form.controls.password.hasError('required')) {
                  <mat-error>Choose a password.</mat-error>
                } @else if (form.controls.password.hasError('minlength')) {
                  <mat-error>The password needs at least 8 characters.</mat-error>
                }
              </mat-form-field>
              <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="invite-submit">
                {{ submitting() ? 'Creating your account…' : 'Join and sign in' }}
              </button>
            </form>
          } @else if (!loading()) {
            <h1 id="invite-title">Invitation</h1>
          }
        </div>
      </section>
    </main>
  `,
  styles: `
    :host { display: block; min-height: 100dvh; }
    .page { min-height: 100dvh; display: grid; place-items: center; padding: 24px; background: var(--mat-sys-surface-container-low); }
    .card { width: min(440px, 100%); background: var(--mat-sys-surface); border-radius: 16px; box-shadow: var(--mat-sys-level1); overflow: hidden; }
    .content { padding: 32px; }
    .brand { width: 40px; height: 40px; border-radius: 12px; display: grid; place-items: center; font-weight: 700; background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    h1 { font: var(--mat-sys-headline-small); margin: 16px 0 4px; }
    .lead { margin: 0 0 24px; color: var(--mat-sys-on-surface-variant); }
    .notice { margin: 0 0 16px; padding: 12px 16px; border-radius: 8px; background: var(--mat-sys-secondary-container); }
    .notice.error { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    form { display: flex; flex-direction: column; gap: 8px; }
    button[type='submit'] { margin-top: 8px; height: 44px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitePage {
  /** Route parameter. */
  readonly token = input.required<string>();

  private readonly transport = inject(GraphqlTransport);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', [Validators.required, Validators.maxLength(100)]],
    password: ['', [Validators.required, Validators.minLength(8)]],
  });
  protected readonly loading = signal(true);
  protected readonly submitting = signal(false);
  protected readonly preview = signal<InvitationPreview | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly failure = signal<string | null>(null);

  constructor() {
    effect(() => void this.load(this.token()));
  }

  private async load(token: string): Promise<void> {
    this.loading.set(true);
    try {
      const data = await this.transport.request(InvitationPreviewDocument, { token });
      this.preview.set(data.invitation);
    } catch (error) {
      this.problem.set(invitationProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.failure.set(null);
    const { displayName, password } = this.form.getRawValue();
    try {
      const data = await this.transport.request(AcceptInvitationDocument, { input: { token: this.token(), displayName: displayName.trim(), password } });
      this.session.adopt(data.acceptInvitation);
      await this.router.navigateByUrl('/inbox');
    } catch (error) {
      const reason = error instanceof GraphqlRequestError ? error.errors[0]?.extensions?.['reason'] : undefined;
      if (reason) this.problem.set(invitationProblem(error));
      else this.failure.set(invitationProblem(error));
    } finally {
      this.submitting.set(false);
    }
  }
}

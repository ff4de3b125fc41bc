import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/** The pencil on the operator's own last message (SPEC A10): loads it into the composer to edit it. */
@Component({
  selector: 'pl-message-edit-button',
  template: `
    <button
      type="button"
      class="edit"
      data-testid="edit-message"
      aria-label="Edit your message"
      title="Edit your message (↑ in the empty reply box)"
      [attr.aria-pressed]="editing()"
      (click)="edit.emit()"
    >
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z"
        />
      </svg>
    </button>
  `,
  styles: `
    :host {
      display: inline-flex;
      margin-left: auto;
    }
    .edit {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 28px;
      height: 28px;
      margin: -6px -6px -6px 0;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: transparent;
      color: inherit;
      opacity: 0.75;
      cursor: pointer;
    }
    .edit:hover,
    .edit:focus-visible,
    .edit[aria-pressed='true'] {
      opacity: 1;
      background: color-mix(in srgb, currentColor 12%, transparent);
    }
    .edit:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 1px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageEditButton {
  /** Whether the composer is editing this message now. */
  readonly editing = input(false);
  readonly edit = output<void>();
}

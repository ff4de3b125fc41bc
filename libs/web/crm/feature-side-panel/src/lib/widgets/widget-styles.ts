/** The side panel's look, shared by its widgets (each widget is its own component, so its own style scope). */
export const WIDGET_STYLES = `
  :host {
    display: block;
  }
  h2,
  h3 {
    margin: 0 0 8px;
    font: var(--mat-sys-title-small);
    color: var(--mat-sys-on-surface-variant);
  }
  h3 {
    margin-top: 24px;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 6px 12px;
    margin: 0;
  }
  dt {
    color: var(--mat-sys-on-surface-variant);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .none {
    color: var(--mat-sys-on-surface-variant);
  }
  .error {
    color: var(--mat-sys-error);
  }
  /* a button that reads as a link (Try again, Load more, Edit…) */
  .link {
    border: 0;
    background: none;
    padding: 0;
    color: var(--mat-sys-primary);
    cursor: pointer;
    font: inherit;
    text-decoration: underline;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

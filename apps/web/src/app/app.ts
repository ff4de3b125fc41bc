import { Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ServiceStatus } from '@parley/web/shared/data-access';

@Component({
  imports: [RouterOutlet],
  selector: 'pl-root',
  template: `
    @if (status.unavailable()) {
      <div class="service-unavailable" role="status" aria-live="polite" data-testid="service-unavailable">Service unavailable, retrying…</div>
    }
    <router-outlet />
  `,
  styles: `
    .service-unavailable {
      position: fixed;
      top: 8px;
      left: 50%;
      transform: translateX(-50%);
      z-index: 1000;
      padding: 6px 14px;
      border-radius: 16px;
      background: #fff4e5;
      color: #663c00;
      border: 1px solid #ffb74d;
      font: 500 13px/1.4 Roboto, sans-serif;
      box-shadow: 0 2px 6px rgb(0 0 0 / 15%);
    }
  `,
})
export class App {
  protected readonly status = inject(ServiceStatus);
}

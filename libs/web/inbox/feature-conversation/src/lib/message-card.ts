import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatMoney } from '@parley/web/shared/util';

export interface MessageCardView {
  kind: string;
  productId: string;
  sku: string;
  name: string;
  price: string;
  currency: string;
  imageUrl: string | null;
  url: string | null;
}

/** Issue #12 (E3): a product card in the thread, as the client got it (the link opens the shop's page in a new tab). */
@Component({
  selector: 'pl-message-card',
  template: `
    @let c = card();
    <div class="card" data-testid="message-card" [attr.data-product-id]="c.productId">
      @if (safeImage(); as src) {
        <img [src]="src" alt="" width="48" height="48" loading="lazy" />
      } @else {
        <span class="placeholder" aria-hidden="true">{{ c.name.slice(0, 1) }}</span>
      }
      <span class="text">
        @if (safeUrl(); as href) {
          <a class="name" [href]="href" target="_blank" rel="noopener noreferrer">{{ c.name }}</a>
        } @else {
          <span class="name">{{ c.name }}</span>
        }
        <span class="meta"><span class="price" data-testid="message-card-price">{{ price() }}</span> · SKU {{ c.sku }}</span>
      </span>
    </div>
  `,
  styles: `
    .card { display: flex; gap: 10px; align-items: center; margin-top: 6px; padding: 8px; border-radius: 8px; background: var(--mat-sys-surface-container-lowest); border: 1px solid var(--mat-sys-outline-variant); max-width: 320px; }
    img, .placeholder { width: 48px; height: 48px; border-radius: 6px; object-fit: cover; flex: none; }
    .placeholder { display: grid; place-items: center; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font: var(--mat-sys-title-medium); }
    .text { display: flex; flex-direction: column; min-width: 0; }
    .name { font: var(--mat-sys-label-large); overflow-wrap: anywhere; }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .price { font-weight: 600; color: var(--mat-sys-on-surface); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageCard {
  readonly card = input.required<MessageCardView>();
  protected readonly price = computed(() => formatMoney(this.card().price, this.card().currency));
  protected readonly safeUrl = computed(() => httpOnly(this.card().url));
  protected readonly safeImage = computed(() => httpOnly(this.card().imageUrl));
}

function httpOnly(u: string | null): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { DOCUMENT, NgTemplateOutlet } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { Permission } from '@parley/shared/contracts';
import { EditForm, EditItem, EditPayment, FoundProduct, MakeOrderDocumentDocument, OrderCustomFieldOption, OrderDrawer, OrderEditor, OrderSettingsStore, sendOrderSummary } from '@parley/web/crm/data-access';
import { ApiClient, ComposerHandoff, Conversation, SessionStore } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError, formatMoney, GraphqlRequestError } from '@parley/web/shared/util';
import { ProductSearchDialog, ProductSearchDialogData } from './widgets/product-search-dialog';
import { WIDGET_STYLES } from './widgets/widget-styles';

const SECTIONS = [
  { id: 'items', label: 'Items' },
  { id: 'delivery', label: 'Delivery' },
  { id: 'payment', label: 'Payment' },
  { id: 'extra', label: 'Extra fields' },
] as const;
const DELIVERY_TYPES = [
  { value: '', label: '—' },
  { value: 'courier', label: 'Courier' },
  { value: 'pickup', label: 'Pickup' },
  { value: 'post', label: 'Post' },
];
const TYPE_LABELS: Record<string, string> = { text: 'Text', number: 'Number', date: 'Date', select: 'Choice', checkbox: 'Checkbox' };
const PAYMENT_STATUSES: Array<EditPayment['status']> = ['pending', 'paid', 'failed', 'cancelled', 'refunded'];

/**
 * The order drawer (SPEC E5, seed 004) beside the conversation: not modal — the chat stays usable
 * and text can be copied from the drawer. Header with number, total, date and status; sections
 * Items, Delivery, Payment and Extra fields with a navigation; footer Save and Save & close.
 * Totals and the delivery rule come from the server as the operator types; the server's errors
 * show under their fields and the order-level ones on top; nothing is saved half-way. A new
 * order resumes the client's draft or is prefilled from the client; closing a half-filled new
 * order keeps it as the draft. Esc closes, Ctrl+S saves, Ctrl+Enter saves and closes.
 */
@Component({
  selector: 'pl-order-drawer',
  imports: [MatButtonModule, NgTemplateOutlet],
  providers: [OrderEditor],
  host: { '(keydown.escape)': 'close()', '(keydown.control.s)': 'hotkeySave($event, false)', '(keydown.meta.s)': 'hotkeySave($event, false)', '(keydown.control.enter)': 'hotkeySave($event, true)' },
  template: `
    @if (drawer.request()) {
      <section class="drawer" role="dialog" aria-modal="false" aria-labelledby="order-title" data-testid="order-drawer" #root>
        <header>
          <div class="title-row">
            <h2 id="order-title" data-testid="order-title">{{ title() }}</h2>
            <button type="button" class="close" (click)="close()" aria-label="Close the order (Esc)" data-testid="order-close">×</button>
          </div>
          <div class="summary">
            <span class="total" data-testid="order-total">{{ money(editor.totals()?.total ?? '0') }}</span>
            @if (editor.order(); as o) {
              <span>{{ (o.placedAt ?? o.createdAt).slice(0, 16).replace('T', ' ') }}</span>
            }
            <label>Status
              <select (change)="set('status', $any($event.target).value)" [disabled]="!canManage()" data-testid="order-status-select">
                @for (s of statuses(); track s.id) {
                  <option [value]="s.code" [selected]="s.code === editor.form().status" [disabled]="!s.active && s.code !== editor.form().status">{{ s.name }}</option>
                }
              </select>
            </label>
            @if (editor.previewing()) {
              <span class="muted" aria-live="polite">Updating totals…</span>
            }
          </div>
          <nav aria-label="Order sections">
            @for (s of sections; track s.id) {
              <button type="button" class="link" (click)="jump(s.id)" [attr.data-testid]="'order-nav-' + s.id">{{ s.label }}</button>
            }
          </nav>
        </header>

        <div class="body" #body>
          @if (editor.loading()) {
            <p class="none" aria-busy="true">Loading the order…</p>
          } @else if (editor.loadError(); as e) {
            <p class="error" role="alert">The order could not be opened: {{ e }}</p>
          } @else {
            @if (editor.topErrors().length) {
              <div class="top-errors" role="alert" data-testid="order-errors">
                @for (e of editor.topErrors(); track e) {
                  <p>{{ e }}</p>
                }
              </div>
            }
            @if (editor.errors().size && !editor.topErrors().length) {
              <p class="error" role="alert" data-testid="order-errors">Fix the fields marked below to save the order.</p>
            }

            <section id="order-section-customer" aria-labelledby="order-customer-title">
              <h3 id="order-customer-title">Customer</h3>
              <div class="grid">
                @for (f of customerFields; track f.key) {
                  <label>{{ f.label }}
                    <input [value]="editor.form().customer[f.key]" (input)="setCustomer(f.key, $any($event.target).value)" [attr.aria-invalid]="!!err('customer.' + f.key)" [attr.data-testid]="'order-customer-' + f.key" />
                    @if (err('customer.' + f.key); as e) {
                      <span class="error" [attr.data-testid]="'order-error-customer.' + f.key">{{ e }}</span>
                    }
                  </label>
                }
              </div>
            </section>

            <section id="order-section-items" aria-labelledby="order-items-title">
              <h3 id="order-items-title" class="head">
                <span>Items</span>
                @if (canManage()) {
                  <span class="actions">
                    <button mat-stroked-button type="button" (click)="findProduct()" data-testid="order-add-product">Add</button>
                    <button type="button" class="link" (click)="editor.addFreeLine()" data-testid="order-add-line">Free line</button>
                  </span>
                }
              </h3>
              @if (priceTypes().length > 1) {
                <label class="inline">Price type
                  <select (change)="set('priceTypeId', $any($event.target).value || null)" data-testid="order-price-type">
                    @for (t of priceTypes(); track t.id) {
                      <option [value]="t.isBase ? '' : t.id" [selected]="t.isBase ? !editor.form().priceTypeId : t.id === editor.form().priceTypeId">{{ t.name }} ({{ t.currency }})</option>
                    }
                  </select>
                </label>
                @if (err('priceTypeId'); as e) {
                  <span class="error">{{ e }}</span>
                }
              }
              @if (!editor.form().items.length) {
                <p class="none" data-testid="order-items-none">No items yet: “Add” finds a product; products and cart items can be added from their widgets.</p>
              }
              <table class="items" aria-label="Items">
                @if (editor.form().items.length) {
                  <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col">Price</th><th scope="col" class="num">Total</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
                }
                <tbody>
                  @for (i of editor.form().items; track i.key; let n = $index) {
                    <tr data-testid="order-item" [attr.data-sku]="i.sku">
                      <td>
                        @if (i.productId) {
                          <span class="name">{{ i.name }}</span>
                          <span class="muted">{{ i.sku }}</span>
                        } @else {
                          <label class="sr-only" [for]="'item-name-' + i.key">Item name</label>
                          <input [id]="'item-name-' + i.key" [value]="i.name" (input)="setItem(n, 'name', $any($event.target).value)" placeholder="Item name" data-testid="order-item-name" />
                        }
                        @if (err('items.' + n + '.name') || err('items.' + n + '.productId'); as e) {
                          <span class="error">{{ e }}</span>
                        }
                      </td>
                      <td>
                        <label class="sr-only" [for]="'item-qty-' + i.key">Quantity of {{ i.name }}</label>
                        <input [id]="'item-qty-' + i.key" class="qty" inputmode="decimal" [value]="i.quantity" (input)="setItem(n, 'quantity', $any($event.target).value)" [attr.aria-invalid]="!!err('items.' + n + '.quantity')" data-testid="order-item-qty" />
                        @if (err('items.' + n + '.quantity'); as e) {
                          <span class="error" data-testid="order-item-qty-error">{{ e }}</span>
                        }
                      </td>
                      <td>
                        <label class="sr-only" [for]="'item-price-' + i.key">Price of {{ i.name }}</label>
                        <input [id]="'item-price-' + i.key" class="price" inputmode="decimal" [value]="i.unitPrice" [placeholder]="i.listPrice ?? ''" (input)="setItem(n, 'unitPrice', $any($event.target).value)" [attr.aria-invalid]="!!err('items.' + n + '.unitPrice')" data-testid="order-item-price" />
                        @if (err('items.' + n + '.unitPrice'); as e) {
                          <span class="error" data-testid="order-item-price-error">{{ e }}</span>
                        }
                      </td>
                      <td class="num" data-testid="order-item-total">{{ money(editor.lineTotals()[n] ?? '0') }}</td>
                      <td>
                        @if (canManage()) {
                          <button type="button" class="link" (click)="removeItem(n)" [attr.aria-label]="'Remove ' + (i.name || 'the line')" data-testid="order-item-remove">×</button>
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
              <div class="discount">
                <label>Discount
                  <select (change)="set('discountKind', $any($event.target).value)" data-testid="order-discount-kind">
                    <option value="amount" [selected]="editor.form().discountKind === 'amount'">{{ currency() }}</option>
                    <option value="percent" [selected]="editor.form().discountKind === 'percent'">%</option>
                  </select>
                </label>
                <label class="sr-only" for="order-discount-value">Discount value</label>
                <input id="order-discount-value" inputmode="decimal" [value]="editor.form().discountValue" (input)="set('discountValue', $any($event.target).value)" [attr.aria-invalid]="!!err('discount.value')" placeholder="0" data-testid="order-discount" />
                @if (err('discount.value'); as e) {
                  <span class="error" data-testid="order-discount-error">{{ e }}</span>
                }
              </div>
              @if (editor.totals(); as t) {
                <dl class="totals" data-testid="order-totals">
                  <dt>Goods</dt><dd data-testid="order-goods">{{ money(t.goods) }}</dd>
                  <dt>Discount</dt><dd>−{{ money(t.discount) }}</dd>
                  <dt>Delivery</dt><dd data-testid="order-delivery-cost">{{ money(t.delivery) }}</dd>
                  <dt class="strong">Total</dt><dd class="strong" data-testid="order-grand-total">{{ money(t.total) }}</dd>
                  <dt>Paid</dt><dd>{{ money(t.paid) }}</dd>
                  <dt>Due</dt><dd data-testid="order-due-total">{{ money(t.due) }}</dd>
                </dl>
              }
            </section>

            <section id="order-section-delivery" aria-labelledby="order-delivery-title">
              <h3 id="order-delivery-title" class="head">
                <span>Delivery</span>
                <button type="button" class="link" (click)="editor.clearAddress()" data-testid="order-clear-address">Clear address</button>
              </h3>
              <div class="grid">
                <label>Type
                  <select (change)="setDelivery('type', $any($event.target).value)" data-testid="order-delivery-type">
                    @for (d of deliveryTypes; track d.value) {
                      <option [value]="d.value" [selected]="d.value === editor.form().delivery.type">{{ d.label }}</option>
                    }
                  </select>
                </label>
                @for (f of deliveryFields; track f.key) {
                  <label>{{ f.label }}
                    <input [type]="f.type" [value]="editor.form().delivery[f.key]" (input)="setDelivery(f.key, $any($event.target).value)" [attr.aria-invalid]="!!err('delivery.' + f.key)" [attr.data-testid]="'order-delivery-' + f.key" />
                    @if (err('delivery.' + f.key); as e) {
                      <span class="error" [attr.data-testid]="'order-error-delivery.' + f.key">{{ e }}</span>
                    }
                  </label>
                }
                <label>Cost ({{ currency() }})
                  <input inputmode="decimal" [value]="editor.form().delivery.cost" (input)="setDelivery('cost', $any($event.target).value)" [placeholder]="editor.totals()?.delivery ?? ''" [attr.aria-invalid]="!!err('delivery.cost')" data-testid="order-delivery-cost-input" />
                  <span class="muted" data-testid="order-delivery-rule" aria-live="polite">{{ editor.form().delivery.cost ? 'Typed by you' : editor.deliveryRule() ? 'By the rule “' + editor.deliveryRule() + '”: ' + money(editor.totals()?.delivery ?? '0') : 'No delivery rule applies' }}</span>
                  @if (err('delivery.cost'); as e) {
                    <span class="error">{{ e }}</span>
                  }
                </label>
              </div>
            </section>

            <section id="order-section-payment" aria-labelledby="order-payment-title">
              <h3 id="order-payment-title" class="head">
                <span>Payment</span>
                @if (canManage() && paymentTypes().length) {
                  <button type="button" class="link" (click)="editor.addPayment(paymentTypes()[0].code)" data-testid="order-add-payment">Add payment</button>
                }
              </h3>
              @if (err('payments'); as e) {
                <p class="error">{{ e }}</p>
              }
              @for (p of editor.form().payments; track p.key; let n = $index) {
                <div class="payment" data-testid="order-payment">
                  <label>Type
                    <select (change)="setPayment(n, 'type', $any($event.target).value)" data-testid="order-payment-type">
                      @for (t of paymentTypes(); track t.id) {
                        <option [value]="t.code" [selected]="t.code === p.type" [disabled]="!t.active && t.code !== p.type">{{ t.name }}</option>
                      }
                    </select>
                  </label>
                  <label>Status
                    <select (change)="setPayment(n, 'status', $any($event.target).value)" data-testid="order-payment-status">
                      @for (s of paymentStatuses; track s) {
                        <option [value]="s" [selected]="s === p.status">{{ s }}</option>
                      }
                    </select>
                  </label>
                  <label>Amount
                    <input inputmode="decimal" [value]="p.amount" (input)="setPayment(n, 'amount', $any($event.target).value)" [attr.aria-invalid]="!!err('payments.' + n + '.amount')" data-testid="order-payment-amount" />
                  </label>
                  <button type="button" class="link" (click)="removePayment(n)" aria-label="Remove the payment" data-testid="order-payment-remove">×</button>
                  @if (hasAcquirer(p.type)) {
                    <div class="pay-link wide" data-testid="order-payment-link">
                      @if (linkOf(p); as l) {
                        <span [class]="'link-state ' + l.status" data-testid="order-payment-link-state">Link sent · {{ linkStatusText(l.status) }}</span>
                        @if (l.lastError && l.status === 'pending') {
                          <span class="muted" data-testid="order-payment-link-error">Last attempt: {{ l.lastError }}</span>
                        }
                      }
                      @if (canManage() && conversation() && p.status === 'pending' && linkOf(p)?.status !== 'paid') {
                        <button mat-stroked-button type="button" (click)="sendPaymentLink(n, p.key)" [disabled]="linkBusy() === p.key || editor.saving()" [title]="editor.dirty() ? 'Saves the order, then posts the link into the chat' : 'Post a payment link into the chat'" data-testid="order-send-payment-link">
                          {{ linkBusy() === p.key ? 'Sending…' : linkOf(p) ? 'Send link again' : 'Send payment link' }}
                        </button>
                      }
                      @if (linkErrors()[p.key]; as e) {
                        <span class="error" role="alert" data-testid="order-payment-link-send-error">{{ e }}</span>
                      }
                    </div>
                  }
                  @for (f of ['type', 'status', 'amount', 'id']; track f) {
                    @if (err('payments.' + n + '.' + f); as e) {
                      <span class="error wide">{{ e }}</span>
                    }
                  }
                </div>
              } @empty {
                <p class="none">No payments yet.</p>
              }
            </section>

            <section id="order-section-extra" aria-labelledby="order-extra-title">
              <h3 id="order-extra-title">Extra fields</h3>
              <div class="field-search">
                <label class="sr-only" for="order-field-search">Add a field to this order</label>
                <input
                  id="order-field-search"
                  role="combobox"
                  autocomplete="off"
                  placeholder="Add a field…"
                  aria-autocomplete="list"
                  aria-controls="order-field-options"
                  [attr.aria-expanded]="searchOpen() && candidates().length > 0"
                  [attr.aria-activedescendant]="searchOpen() && candidates()[activeCandidate()] ? 'order-field-option-' + activeCandidate() : null"
                  [value]="fieldQuery()"
                  (input)="onFieldQuery($any($event.target).value)"
                  (focus)="searchOpen.set(true)"
                  (blur)="closeSearchSoon()"
                  (keydown)="onFieldSearchKey($event)"
                  data-testid="order-field-search"
                />
                @if (searchOpen() && candidates().length) {
                  <ul id="order-field-options" role="listbox" aria-label="Fields" class="field-options" data-testid="order-field-options">
                    @for (c of candidates(); track c.id; let n = $index) {
                      <li
                        role="option"
                        [id]="'order-field-option-' + n"
                        [attr.aria-selected]="n === activeCandidate()"
                        [class.active]="n === activeCandidate()"
                        tabindex="-1"
                        (mousedown)="$event.preventDefault()"
                        (click)="pickCandidate(n)"
                        (keydown.enter)="pickCandidate(n)"
                        [attr.data-testid]="'order-field-option-' + c.id"
                      >{{ c.label }} <span class="muted">{{ c.hint }}</span></li>
                    }
                  </ul>
                } @else if (searchOpen() && fieldQuery().trim()) {
                  <p class="muted" role="status" data-testid="order-field-none">No other field matches “{{ fieldQuery().trim() }}”.</p>
                }
              </div>
              <div class="grid">
                @for (f of extraFields; track f.key) {
                  <label>{{ f.label }}
                    <input [id]="'order-main-' + f.key" [value]="editor.form().extra[f.key]" (input)="setExtra(f.key, $any($event.target).value)" [attr.list]="'order-dl-' + f.key" [attr.aria-invalid]="!!err('extra.' + f.key)" [attr.data-testid]="'order-extra-' + f.key" />
                    <datalist [id]="'order-dl-' + f.key">
                      @for (v of suggestions()[f.key]; track v) {
                        <option [value]="v"></option>
                      }
                    </datalist>
                    @if (err('extra.' + f.key); as e) {
                      <span class="error" [attr.data-testid]="'order-error-extra.' + f.key">{{ e }}</span>
                    }
                  </label>
                }
                <label>Manager
                  <select id="order-main-managerId" (change)="setExtra('managerId', $any($event.target).value)" [attr.aria-invalid]="!!err('extra.managerId')" data-testid="order-extra-managerId">
                    <option value="" [selected]="!editor.form().extra.managerId">— No manager</option>
                    @for (m of managers(); track m.id) {
                      <option [value]="m.id" [selected]="m.id === editor.form().extra.managerId" [disabled]="!m.active">{{ m.displayName }}{{ m.active ? '' : ' (deactivated)' }}</option>
                    }
                  </select>
                  @if (err('extra.managerId'); as e) {
                    <span class="error" data-testid="order-error-extra.managerId">{{ e }}</span>
                  }
                </label>
                @for (f of shownCustom(); track f.key) {
                  @if (f.type === 'checkbox') {
                    <label class="check">
                      <span><input type="checkbox" [checked]="editor.form().custom[f.key] === 'true'" (change)="setCustom(f.key, $any($event.target).checked ? 'true' : 'false')" [disabled]="!f.active" [attr.aria-invalid]="!!err('custom.' + f.key)" [attr.data-testid]="'order-custom-' + f.key" />
                      {{ f.name }}{{ f.required ? ' *' : '' }}</span>
                      @if (!f.active) {
                        <span class="muted">Switched off</span>
                      }
                      @if (err('custom.' + f.key); as e) {
                        <span class="error" [attr.data-testid]="'order-error-custom.' + f.key">{{ e }}</span>
                      }
                    </label>
                  } @else if (f.type === 'select') {
                    <label>{{ f.name }}{{ f.required ? ' *' : '' }}
                      <select (change)="setCustom(f.key, $any($event.target).value)" [disabled]="!f.active" [attr.aria-invalid]="!!err('custom.' + f.key)" [attr.data-testid]="'order-custom-' + f.key">
                        <option value="" [selected]="!editor.form().custom[f.key]">—</option>
                        @for (o of optionsOf(f); track o) {
                          <option [value]="o" [selected]="o === editor.form().custom[f.key]">{{ o }}</option>
                        }
                      </select>
                      <ng-container *ngTemplateOutlet="fieldNotes; context: { $implicit: f }" />
                    </label>
                  } @else {
                    <label>{{ f.name }}{{ f.required ? ' *' : '' }}
                      <input
                        [type]="f.type === 'date' ? 'date' : 'text'"
                        [attr.inputmode]="f.type === 'number' ? 'decimal' : null"
                        [value]="editor.form().custom[f.key] ?? ''"
                        (input)="setCustom(f.key, $any($event.target).value)"
                        [disabled]="!f.active"
                        [attr.aria-invalid]="!!err('custom.' + f.key)"
                        [attr.data-testid]="'order-custom-' + f.key"
                      />
                      <ng-container *ngTemplateOutlet="fieldNotes; context: { $implicit: f }" />
                    </label>
                  }
                }
              </div>
              <ng-template #fieldNotes let-f>
                @if (!f.active) {
                  <span class="muted">Switched off: the value stays as it is</span>
                }
                @if (err('custom.' + f.key); as e) {
                  <span class="error" [attr.data-testid]="'order-error-custom.' + f.key">{{ e }}</span>
                }
              </ng-template>
              @if (!customFields().length) {
                <p class="none" data-testid="order-custom-none">No custom order fields yet: an admin adds them in Settings › Orders.</p>
              }
              @for (e of otherCustomErrors(); track e) {
                <p class="error" data-testid="order-custom-error">{{ e }}</p>
              }
              <label class="wide">Comment
                <textarea rows="2" [value]="editor.form().comment" (input)="set('comment', $any($event.target).value)" data-testid="order-comment"></textarea>
              </label>
            </section>
          }
        </div>

        <footer>
          @if (status(); as s) {
            <span [class.error]="s.error" role="status" data-testid="order-status-line">{{ s.text }}</span>
          }
          <span class="spacer"></span>
          @if (editor.order() && !editor.order()!.isDraft && conversation()) {
            <label class="sr-only" for="order-document-kind">Printable document</label>
            <select id="order-document-kind" (change)="documentKind.set($any($event.target).value)" data-testid="order-document-kind">
              <option value="invoice" [selected]="documentKind() === 'invoice'">Invoice</option>
              <option value="order_form" [selected]="documentKind() === 'order_form'">Order form</option>
            </select>
            <button mat-button type="button" (click)="attachDocument()" [disabled]="busy() || editor.dirty()" title="Attach the PDF to your reply (add text, then send)" data-testid="order-document">Send printable document</button>
            <button mat-button type="button" (click)="sendSummary()" [disabled]="busy() || editor.dirty()" [title]="editor.dirty() ? 'Save the order first' : 'Post the order summary into the chat'" data-testid="order-send">Send order</button>
          }
          @if (canManage()) {
            <button mat-stroked-button type="button" (click)="save(false)" [disabled]="editor.saving()" data-testid="order-save">{{ editor.saving() ? 'Saving…' : 'Save' }}</button>
            <button mat-flat-button type="button" (click)="save(true)" [disabled]="editor.saving()" data-testid="order-save-close">Save &amp; close</button>
          }
        </footer>
      </section>
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      :host { --pl-order-drawer-width: min(560px, 45vw); }
      .drawer {
        position: fixed; top: 56px; right: 0; bottom: 0; width: min(var(--pl-order-drawer-width), 100vw); z-index: 20;
        display: flex; flex-direction: column; background: var(--mat-sys-surface);
        border-left: 1px solid var(--mat-sys-outline-variant); box-shadow: -4px 0 16px rgb(0 0 0 / 12%);
        user-select: text;
      }
      header { padding: 12px 16px 4px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
      .title-row { display: flex; align-items: center; justify-content: space-between; }
      h2 { margin: 0; font: var(--mat-sys-title-medium); color: var(--mat-sys-on-surface); }
      .close { border: 0; background: none; font-size: 22px; cursor: pointer; }
      .summary { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin: 6px 0; }
      .total { font: var(--mat-sys-title-large); }
      nav { display: flex; gap: 16px; padding: 4px 0; }
      .body { flex: 1; overflow: auto; padding: 0 16px 16px; }
      footer { display: flex; align-items: center; gap: 8px; padding: 8px 16px; border-top: 1px solid var(--mat-sys-outline-variant); }
      .spacer { flex: 1; }
      .head { display: flex; align-items: center; justify-content: space-between; }
      .actions { display: flex; align-items: center; gap: 12px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px 12px; }
      label { display: flex; flex-direction: column; gap: 2px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
      label.inline { flex-direction: row; align-items: center; gap: 6px; margin-bottom: 6px; }
      label.wide { margin-top: 8px; }
      input, select, textarea { font: var(--mat-sys-body-medium); padding: 4px 6px; border: 1px solid var(--mat-sys-outline); border-radius: 4px; background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); }
      input[aria-invalid='true'] { border-color: var(--mat-sys-error); }
      .items { width: 100%; border-collapse: collapse; }
      .items th { text-align: left; font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
      .items td { padding: 4px 4px 4px 0; vertical-align: top; border-bottom: 1px solid var(--mat-sys-outline-variant); }
      .items .name { display: block; font: var(--mat-sys-label-large); overflow-wrap: anywhere; }
      .qty { width: 64px; }
      .price { width: 84px; }
      .num { text-align: right; white-space: nowrap; }
      .muted { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
      .error { display: block; }
      .discount { display: flex; align-items: flex-end; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
      .totals { margin-top: 8px; max-width: 280px; margin-left: auto; }
      .totals dd { text-align: right; }
      .strong { font-weight: 600; color: var(--mat-sys-on-surface); }
      .payment { display: grid; grid-template-columns: 1fr 1fr 1fr auto; gap: 8px; align-items: end; margin-bottom: 6px; }
      .payment .wide { grid-column: 1 / -1; }
      .pay-link { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
      .link-state { font: var(--mat-sys-label-medium); padding: 2px 8px; border-radius: 10px; background: var(--mat-sys-surface-container-high); }
      .link-state.paid { background: #d1fae5; color: #065f46; }
      .link-state.expired, .link-state.failed { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
      .top-errors { margin-top: 12px; padding: 8px 12px; border-radius: 6px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
      .top-errors p { margin: 2px 0; }
      .field-search { position: relative; margin-bottom: 8px; max-width: 320px; }
      .field-search input { width: 100%; box-sizing: border-box; }
      .field-options {
        position: absolute; z-index: 2; left: 0; right: 0; margin: 2px 0 0; padding: 4px 0; list-style: none; max-height: 240px; overflow: auto;
        background: var(--mat-sys-surface-container); border: 1px solid var(--mat-sys-outline-variant); border-radius: 4px; box-shadow: 0 2px 8px rgb(0 0 0 / 16%);
      }
      .field-options li { padding: 4px 8px; cursor: pointer; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface); }
      .field-options li.active { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
      label.check { justify-content: flex-end; }
      select[aria-invalid='true'] { border-color: var(--mat-sys-error); }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderDrawerComponent {
  readonly conversation = input<Conversation | null>(null);
  protected readonly drawer = inject(OrderDrawer);
  protected readonly editor = inject(OrderEditor);
  private readonly settings = inject(OrderSettingsStore);
  private readonly session = inject(SessionStore);
  private readonly dialog = inject(MatDialog);
  private readonly confirmer = inject(Confirmer);
  private readonly api = inject(ApiClient);
  private readonly document = inject(DOCUMENT);
  private readonly body = viewChild<ElementRef<HTMLElement>>('body');
  protected readonly sections = SECTIONS;
  protected readonly deliveryTypes = DELIVERY_TYPES;
  protected readonly paymentStatuses = PAYMENT_STATUSES;
  protected readonly customerFields = [
    { key: 'firstName', label: 'First name' },
    { key: 'lastName', label: 'Last name' },
    { key: 'phone', label: 'Phone' },
    { key: 'email', label: 'E-mail' },
  ] as const;
  protected readonly deliveryFields = [
    { key: 'service', label: 'Service', type: 'text' },
    { key: 'region', label: 'Region', type: 'text' },
    { key: 'city', label: 'City', type: 'text' },
    { key: 'street', label: 'Street and house', type: 'text' },
    { key: 'postalCode', label: 'Postal code', type: 'text' },
    { key: 'date', label: 'Date', type: 'date' },
    { key: 'slot', label: 'Time slot', type: 'text' },
  ] as const;
  protected readonly extraFields = [
    { key: 'country', label: 'Country' },
    { key: 'orderType', label: 'Order type' },
    { key: 'orderMethod', label: 'Order method' },
    { key: 'store', label: 'Store' },
  ] as const;
  /** The workspace's custom order fields (position order; switched-off ones included). */
  protected readonly customFields = computed<OrderCustomFieldOption[]>(() => this.settings.settings()?.orderCustomFields ?? []);
  /** Shown in this order: the pinned active fields, those added through the search, any field the order has a value of, and any the server refused. */
  protected readonly shownCustom = computed(() => {
    const f = this.editor.form();
    const errors = this.editor.errors();
    return this.customFields().filter((d) => (d.active && (d.pinned || f.shownFields.includes(d.key))) || f.custom[d.key] !== undefined || errors.has(`custom.${d.key}`));
  });
  /** The server's errors of custom values no field here shows (a field deleted meanwhile). */
  protected readonly otherCustomErrors = computed(() => {
    const shown = new Set(this.shownCustom().map((f) => `custom.${f.key}`));
    return [...this.editor.errors().entries()].filter(([k]) => (k === 'custom' || k.startsWith('custom.')) && !shown.has(k)).map(([, m]) => m);
  });
  protected readonly suggestions = computed(() => {
    const s = this.settings.settings()?.orderExtraSuggestions;
    return { country: s?.countries ?? [], orderType: s?.orderTypes ?? [], orderMethod: s?.orderMethods ?? [], store: s?.stores ?? [] };
  });
  /** Operators to choose the manager from (by name); the order's own manager stays listed when deactivated. */
  protected readonly managers = computed(() => {
    const current = this.editor.form().extra.managerId;
    const list = (this.settings.settings()?.orderManagerOptions ?? []).map((o) => ({ ...o, active: true }));
    const name = this.editor.order()?.extra.managerName;
    if (current && !list.some((o) => o.id === current)) list.push({ id: current, displayName: name ?? 'Unknown operator', active: false });
    return list;
  });
  protected readonly fieldQuery = signal('');
  protected readonly searchOpen = signal(false);
  protected readonly activeCandidate = signal(0);
  /** The search's matches: active custom fields not shown yet, and the Main fields (picking one goes to it). */
  protected readonly candidates = computed(() => {
    const q = this.fieldQuery().trim().toLocaleLowerCase();
    const shown = new Set(this.shownCustom().map((f) => f.key));
    const custom = this.customFields()
      .filter((f) => f.active && !shown.has(f.key))
      .map((f) => ({ id: `custom-${f.key}`, label: f.name, hint: TYPE_LABELS[f.type] ?? f.type, target: `order-custom-${f.key}`, key: f.key as string | null }));
    const main = [...this.extraFields, { key: 'managerId', label: 'Manager' }].map((f) => ({ id: `main-${f.key}`, label: f.label, hint: 'Main', target: `order-extra-${f.key}`, key: null as string | null }));
    return [...custom, ...main].filter((c) => !q || c.label.toLocaleLowerCase().includes(q)).slice(0, 30);
  });
  protected readonly canManage = computed(() => this.session.canReply() && this.session.permissions().has(Permission.manage_orders));
  protected readonly statuses = computed(() => this.settings.settings()?.orderStatuses ?? []);
  protected readonly paymentTypes = computed(() => this.settings.settings()?.paymentTypes ?? []);
  protected readonly priceTypes = computed(() => this.settings.settings()?.productPriceTypes ?? []);
  protected readonly currency = computed(() => this.editor.currency());
  protected readonly busy = signal(false);
  protected readonly documentKind = signal<'invoice' | 'order_form'>('invoice');
  private readonly handoff = inject(ComposerHandoff);
  protected readonly status = signal<{ text: string; error: boolean } | null>(null);
  /** The payment row (its key) whose link is being sent, and each row's last refusal. */
  protected readonly linkBusy = signal<string | null>(null);
  protected readonly linkErrors = signal<Record<string, string>>({});
  protected readonly title = computed(() => {
    const o = this.editor.order();
    if (o && !o.isDraft) return `Order #${o.number}`;
    return o?.isDraft ? 'New order (draft)' : 'New order';
  });

  constructor() {
    this.drawer.leaveGuard = () => this.mayLeave();
    inject(DestroyRef).onDestroy(() => {
      if (this.drawer.leaveGuard) this.drawer.leaveGuard = null;
    });
    // while open, the conversation page's side column takes the drawer's width: the thread beside it stays whole and usable
    effect((onCleanup) => {
      if (!this.drawer.request()) return;
      const style = this.document.documentElement.style;
      style.setProperty('--pl-side-width', 'min(560px, 45vw)');
      onCleanup(() => style.removeProperty('--pl-side-width'));
    });
    // each request (a number clicked, New order, another client) loads its order (and the statuses, payment and price types, once)
    effect(() => {
      const r = this.drawer.request();
      untracked(() => {
        if (r) {
          void this.settings.load().then(
            (s) => this.editor.setCurrency(s.productPriceTypes?.find((t) => t.isBase)?.currency ?? 'EUR'),
            () => undefined,
          );
        }
        this.status.set(null);
        if (r) void this.editor.load(r).then(() => this.takePending());
      });
    });
    // products sent here from the products widget or the cart
    effect(() => {
      const pending = this.drawer.pendingProducts();
      if (pending.length) untracked(() => !this.editor.loading() && this.editor.request() && this.takePending());
    });
  }

  protected money(amount: string): string {
    return formatMoney(amount, this.currency());
  }

  protected err(field: string): string | null {
    return this.editor.error(field);
  }

  protected set<K extends keyof EditForm>(k: K, v: EditForm[K]): void {
    this.editor.update((f) => ({ ...f, [k]: v }));
  }

  protected setCustomer(k: keyof EditForm['customer'], v: string): void {
    this.editor.update((f) => ({ ...f, customer: { ...f.customer, [k]: v } }));
  }

  protected setDelivery(k: keyof EditForm['delivery'], v: string): void {
    this.editor.update((f) => ({ ...f, delivery: { ...f.delivery, [k]: v } }));
  }

  protected setExtra(k: keyof EditForm['extra'], v: string): void {
    this.editor.update((f) => ({ ...f, extra: { ...f.extra, [k]: v } }));
  }

  protected setCustom(k: string, v: string): void {
    this.editor.update((f) => ({ ...f, custom: { ...f.custom, [k]: v } }));
  }

  /** A select's options, with the order's value kept when an admin has since removed it. */
  protected optionsOf(f: OrderCustomFieldOption): readonly string[] {
    const v = this.editor.form().custom[f.key];
    return v && !f.options.includes(v) ? [...f.options, v] : f.options;
  }

  protected onFieldQuery(v: string): void {
    this.fieldQuery.set(v);
    this.searchOpen.set(true);
    this.activeCandidate.set(0);
  }

  /** The field search's keyboard: ArrowDown/Up move through the matches, Enter picks, Esc closes the list (not the drawer). */
  protected onFieldSearchKey(e: KeyboardEvent): void {
    const n = this.candidates().length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.searchOpen.set(true);
      if (n) this.activeCandidate.set((this.activeCandidate() + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.searchOpen() && n) this.pickCandidate(Math.min(this.activeCandidate(), n - 1));
    } else if (e.key === 'Escape' && (this.searchOpen() || this.fieldQuery())) {
      e.stopPropagation();
      this.searchOpen.set(false);
      this.fieldQuery.set('');
    }
  }

  protected pickCandidate(n: number): void {
    const c = this.candidates()[n];
    if (!c) return;
    if (c.key) this.editor.showField(c.key);
    this.fieldQuery.set('');
    this.searchOpen.set(false);
    this.activeCandidate.set(0);
    setTimeout(() => this.body()?.nativeElement.querySelector<HTMLElement>(`[data-testid="${c.target}"]`)?.focus());
  }

  protected closeSearchSoon(): void {
    setTimeout(() => this.searchOpen.set(false), 150);
  }

  protected setItem(n: number, k: keyof EditItem, v: string): void {
    this.editor.update((f) => ({ ...f, items: f.items.map((i, j) => (j === n ? { ...i, [k]: v } : i)) }));
  }

  protected removeItem(n: number): void {
    this.editor.update((f) => ({ ...f, items: f.items.filter((_, j) => j !== n) }));
  }

  protected setPayment(n: number, k: keyof EditPayment, v: string): void {
    this.editor.update((f) => ({ ...f, payments: f.payments.map((p, j) => (j === n ? { ...p, [k]: v } : p)) }));
  }

  protected removePayment(n: number): void {
    this.editor.update((f) => ({ ...f, payments: f.payments.filter((_, j) => j !== n) }));
  }

  protected hasAcquirer(code: string): boolean {
    return !!this.paymentTypes().find((t) => t.code === code)?.acquirer;
  }

  /** The saved payment's newest link (a new, unsaved payment has none). */
  protected linkOf(p: EditPayment): { status: string; lastError: string | null; url: string } | null {
    return (p.id && this.editor.order()?.payments.find((x) => x.id === p.id)?.link) || null;
  }

  protected linkStatusText(s: string): string {
    return ({ pending: 'waiting for payment', paid: 'paid', failed: 'failed', expired: 'expired' } as Record<string, string>)[s] ?? s;
  }

  /** "Send payment link": unsaved changes are saved first, then the link goes into the chat. */
  protected async sendPaymentLink(n: number, key: string): Promise<void> {
    const c = this.conversation();
    if (!c) return;
    this.linkBusy.set(key);
    this.linkErrors.update((m) => ({ ...m, [key]: '' }));
    try {
      const error = await this.editor.sendPaymentLink(n, c.id);
      // the save gave the rows new keys: the message goes under the row at the same place
      const rowKey = this.editor.form().payments[n]?.key ?? key;
      if (error) this.linkErrors.update((m) => ({ ...m, [rowKey]: error }));
      else this.status.set({ text: 'The payment link was sent to the chat', error: false });
    } finally {
      this.linkBusy.set(null);
    }
  }

  protected jump(id: string): void {
    this.body()?.nativeElement.querySelector(`#order-section-${id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  protected findProduct(): void {
    const data: ProductSearchDialogData = {
      query: '',
      canCreate: this.session.permissions().has(Permission.manage_catalogue),
      addToOrder: async (p: FoundProduct) => this.editor.addProduct(p),
    };
    this.dialog.open(ProductSearchDialog, { data, autoFocus: 'first-tabbable', maxWidth: '95vw', ariaLabel: 'Add a product to the order' });
  }

  protected hotkeySave(event: Event, close: boolean): void {
    event.preventDefault();
    if (this.canManage()) void this.save(close);
  }

  async save(close: boolean): Promise<void> {
    const wasNew = !this.editor.order() || this.editor.order()!.isDraft;
    const saved = await this.editor.save(false);
    if (!saved) {
      this.status.set({ text: 'Not saved: see the errors', error: true });
      return;
    }
    this.status.set({ text: wasNew ? `Order #${saved.number} placed` : 'Saved', error: false });
    if (close) this.drawer.close();
  }

  /** Esc or ×: a half-filled new order is kept as the client's draft; unsaved changes to a placed order are discarded only when the operator says so. */
  async close(): Promise<void> {
    if (await this.mayLeave()) this.drawer.close();
  }

  /** Before this order gives way (closing, another order, another client): keep a half-filled new one as the draft, or ask before discarding edits. */
  private async mayLeave(): Promise<boolean> {
    if (!this.canManage() || !this.editor.dirty()) return true;
    if (this.editor.shouldKeepDraft()) {
      const kept = await this.editor.save(true);
      if (!kept) this.status.set({ text: 'The draft could not be kept: see the errors', error: true });
      return !!kept;
    }
    const o = this.editor.order();
    return this.confirmer.ask({
      title: 'Discard your changes?',
      message: `${o?.number ? `Order #${o.number}` : 'This order'} has changes you have not saved.`,
      confirmLabel: 'Discard changes',
      cancelLabel: 'Keep editing',
    });
  }

  protected async sendSummary(): Promise<void> {
    const o = this.editor.order();
    const c = this.conversation();
    if (!o || !c) return;
    this.busy.set(true);
    try {
      await sendOrderSummary(this.api, o.id, c.id);
      this.status.set({ text: 'The order was sent to the chat', error: false });
    } catch (e) {
      this.status.set({ text: e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e), error: true });
    } finally {
      this.busy.set(false);
    }
  }

  /** "Send printable document": the PDF joins the composer's files; the agent may add text, then sends. */
  protected async attachDocument(): Promise<void> {
    const o = this.editor.order();
    const c = this.conversation();
    if (!o || !c) return;
    this.busy.set(true);
    try {
      const locale = (typeof navigator !== 'undefined' && navigator.language?.split('-')[0]) || 'en';
      const { makeOrderDocument } = await this.api.request(MakeOrderDocumentDocument, { input: { orderId: o.id, conversationId: c.id, kind: this.documentKind(), locale } });
      this.handoff.offer(c.id, { id: makeOrderDocument.id, name: makeOrderDocument.name, mime: makeOrderDocument.mime as 'application/pdf', size: makeOrderDocument.size, url: makeOrderDocument.url });
      this.status.set({ text: `${makeOrderDocument.name} is attached to your reply: add a few words and send it`, error: false });
    } catch (e) {
      this.status.set({ text: e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e), error: true });
    } finally {
      this.busy.set(false);
    }
  }

  private takePending(): void {
    for (const p of this.drawer.takePending()) this.editor.addProduct(p);
  }
}

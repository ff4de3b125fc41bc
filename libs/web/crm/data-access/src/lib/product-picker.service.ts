import { Injectable, signal } from '@angular/core';

/** A request to open the product popup with this text in its search box (from "Find product" on selected message text). */
export interface ProductPickRequest {
  query: string;
  contactId: string | null;
  /** Distinguishes two requests with the same text. */
  at: number;
}

/**
 * Issue #12 (E3): how other screens ask for the product popup without knowing it — the
 * conversation's selection menu calls `find(text)`; the side panel's Products widget opens the
 * popup with that text (and takes the request).
 */
@Injectable({ providedIn: 'root' })
export class ProductPicker {
  readonly request = signal<ProductPickRequest | null>(null);

  find(query: string, contactId: string | null): void {
    this.request.set({ query: query.trim().slice(0, 200), contactId, at: Date.now() });
  }

  take(): ProductPickRequest | null {
    const r = this.request();
    this.request.set(null);
    return r;
  }
}

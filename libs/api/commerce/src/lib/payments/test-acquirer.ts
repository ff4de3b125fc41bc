import { Injectable } from '@nestjs/common';
import { Acquirer, AcquirerContext, CheckoutLink } from './acquirer';

/** Test cards of the built-in acquirer (the same numbers as Stripe's test mode). */
export const TEST_CARD_PAYS = '4242424242424242';
export const TEST_CARD_DECLINED = '4000000000000002';

/** Luhn's check digit over a card number of 12..19 digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ok: paid; else `message` says why (invalid: the number itself is wrong, not a decline). */
export interface TestCardOutcome {
  ok: boolean;
  invalid: boolean;
  message: string;
}

/** What the test acquirer does with a card number typed on its page. */
export function chargeTestCard(input: unknown): TestCardOutcome {
  const digits = typeof input === 'string' && input.length <= 40 ? input.replace(/[\s-]/g, '') : '';
  if (!luhnValid(digits)) return { ok: false, invalid: true, message: 'This card number is not valid: check the digits.' };
  if (digits === TEST_CARD_PAYS) return { ok: true, invalid: false, message: '' };
  if (digits === TEST_CARD_DECLINED) return { ok: false, invalid: false, message: 'Your card was declined. Try another card.' };
  return { ok: false, invalid: false, message: 'This is a test payment page: only test cards are accepted (4242 4242 4242 4242 pays).' };
}

/**
 * Issue #12 (E5): the built-in test acquirer. Its hosted page is Parley's own `/pay/:token`
 * (PayPageController): the client types a test card and the payment turns paid at once.
 */
@Injectable()
export class TestAcquirer implements Acquirer {
  readonly kind = 'test' as const;
  readonly label = 'Test acquirer (built in)';
  readonly secretNames = [] as const;
  readonly enabledByDefault = true;
  readonly hasWebhook = false;

  missing(): string | null {
    return null;
  }

  async createCheckout(link: CheckoutLink, _ctx: AcquirerContext): Promise<{ url: string; externalId: string | null }> {
    return { url: link.pageUrl, externalId: null };
  }
}

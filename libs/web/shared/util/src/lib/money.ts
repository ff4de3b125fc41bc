/**
 * "€18.00" in the operator's locale, for display only: the amount is the exact decimal string
 * the server sent (Intl shows it with the currency's digits); when Intl cannot format it the
 * string and the code are shown as they are.
 */
export function formatMoney(amount: string, currency: string, locale = (typeof navigator !== 'undefined' && navigator.language) || 'en'): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * Money parsing lives in the platform (`@parley/api/platform/graphql`, lib/money.ts) so every
 * domain that takes amounts from people or shops (the catalogue, orders, the visitor's cart in
 * visits) checks them the same way; re-exported here for commerce's existing imports.
 */
export { currencyDigits, formatAmount, isCurrency, MAX_AMOUNT, parseAmount, parseQuantity } from '@parley/api/platform/graphql';

import { badInput } from '@parley/api/platform/graphql';
import { isEmail } from 'class-validator';
import { CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** What a phone or e-mail value is, for the code that handles both alike. */
export type ClientValueKind = 'phone' | 'email';

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

/** An optional ISO 3166 country code ("DE") for numbers typed without +; BAD_USER_INPUT on `country` otherwise. */
export function checkedCountry(country: string | null | undefined, field = 'country'): CountryCode | undefined {
  if (country === null || country === undefined || country === '') return undefined;
  const c = String(country).trim().toUpperCase();
  if (!isSupportedCountry(c)) throw fail(field, `${country} is not a country code (use two letters, e.g. DE)`);
  return c;
}

/**
 * The phone number in E.164 ("+4915112345678"), validated against the numbering plan of its
 * country (libphonenumber-js metadata "max"). A number without + needs `country`.
 */
export function normalizePhone(raw: unknown, country?: string | null, field = 'phone'): string {
  if (typeof raw !== 'string' || !raw.trim()) throw fail(field, 'Enter a phone number');
  if (raw.length > 40) throw fail(field, 'A phone number has at most 40 characters');
  const defaultCountry = checkedCountry(country);
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry ? { defaultCountry } : undefined);
  if (!parsed) throw fail(field, defaultCountry || raw.trim().startsWith('+') ? `${raw.trim()} is not a phone number` : 'Enter the number with its country code (+…) or choose the country');
  if (!parsed.isValid()) throw fail(field, `${raw.trim()} is not a valid phone number${parsed.country ? ` in ${parsed.country}` : ''}`);
  return parsed.number;
}

/** The e-mail address trimmed and in lower case, when it is a real address (RFC 5321 syntax, a domain with a TLD); BAD_USER_INPUT otherwise. */
export function normalizeEmail(raw: unknown, field = 'email'): string {
  if (typeof raw !== 'string' || !raw.trim()) throw fail(field, 'Enter an e-mail address');
  const v = raw.trim().toLowerCase();
  if (v.length > 254 || !isEmail(v, { require_tld: true, allow_display_name: false, allow_ip_domain: false, allow_utf8_local_part: true })) {
    throw fail(field, `${raw.trim().slice(0, 100)} is not a valid e-mail address`);
  }
  return v;
}

/** The value normalised as its kind is (the look-ups while an operator types use the same). */
export function normalizeClientValue(kind: ClientValueKind, raw: unknown, country?: string | null, field: string = kind): string {
  return kind === 'phone' ? normalizePhone(raw, country, field) : normalizeEmail(raw, field);
}

/** Trimmed text or null; BAD_USER_INPUT on `field` beyond `max` characters or with control characters. */
export function optionalText(raw: unknown, field: string, max: number, label: string): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') throw fail(field, `${label} must be text`);
  const v = raw.replace(/\s+/g, ' ').trim();
  if (!v) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw.replace(/[\t\n\r]/g, ''))) throw fail(field, `${label} contains control characters`);
  if (v.length > max) throw fail(field, `${label} is longer than ${max} characters`);
  return v;
}

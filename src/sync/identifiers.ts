/**
 * Identifier preparation, applied once, in one place, by the rule the connector manifest declares:
 * emails trimmed and lower-cased; phones to E.164 (with a default country) or to digits only (E.164
 * without '+', as Meta wants); then optionally SHA-256 hex. A value that cannot be prepared is rejected
 * for that row alone, with a reason, instead of failing a batch.
 */
import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { IdentifierRule } from '../../connectors/types.js';

export type Prepared = { ok: true; value: string } | { ok: false; reason: string };

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const sha256Hex = /^[0-9a-f]{64}$/;

export function prepareIdentifier(raw: unknown, rule: IdentifierRule, defaultCountry: CountryCode = 'FR'): Prepared {
  if (raw === null || raw === undefined || String(raw).trim() === '') return { ok: false, reason: 'empty identifier' };
  let v = String(raw).trim();
  // Already hashed upstream: hashing it again would make it unmatchable (a classic reverse-ETL bug).
  if (rule.hash === 'sha256' && sha256Hex.test(v.toLowerCase())) return { ok: true, value: v.toLowerCase() };
  switch (rule.normalize) {
    case 'email':
      v = v.toLowerCase();
      if (!emailShape.test(v)) return { ok: false, reason: `invalid email '${mask(v)}'` };
      break;
    case 'phone_e164':
    case 'phone_digits': {
      const phone = parsePhoneNumberFromString(v, defaultCountry);
      if (!phone || !phone.isValid()) return { ok: false, reason: `invalid phone '${mask(v)}'` };
      v = rule.normalize === 'phone_e164' ? phone.number : phone.number.slice(1);
      break;
    }
    case 'lowercase':
      v = v.toLowerCase();
      break;
    case 'none':
      break;
  }
  return { ok: true, value: rule.hash === 'sha256' ? createHash('sha256').update(v).digest('hex') : v };
}

/** Shows the shape of a value without the value (for reasons, logs and dry-run samples). */
export function mask(v: string): string {
  if (v.length <= 2) return '*'.repeat(v.length);
  const at = v.indexOf('@');
  if (at > 0) return `${v[0]}***${v.slice(at)}`.replace(/@(.).*(\.[^.]+)$/, '@$1***$2');
  // Short values keep only their first character: two at each end of a 4-letter name is the whole name.
  if (v.length <= 6) return `${v[0]}${'*'.repeat(v.length - 1)}`;
  return `${v.slice(0, 2)}${'*'.repeat(v.length - 4)}${v.slice(-2)}`;
}

import { parse } from 'yaml';
import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';

/** Parses `--vars` given as YAML or JSON (JSON is YAML), e.g. `{demo_customers: 1000}` or `a: 1`. */
export function parseCliVars(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new UserError([{ code: codes.badVars, severity: 'error', file: '--vars', message: `--vars is not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`, hint: `for example --vars '{churn_after_days: 180}'` }]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError([{ code: codes.badVars, severity: 'error', file: '--vars', message: '--vars must be a mapping of names to values', hint: `for example --vars '{churn_after_days: 180}'` }]);
  }
  return value as Record<string, unknown>;
}

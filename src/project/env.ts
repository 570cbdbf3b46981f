import { codes } from '../diagnostics/codes.js';
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Located } from './types.js';

const ref = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Resolves `${VAR}` and `${VAR:-default}` in settings of the target or destination actually used, so an
 * unused target's missing variable is not an error. Values of secret-looking settings (passwords, tokens,
 * keys, connection URLs) are returned as secrets for the caller to redact from every output.
 */
export const secretKey = /password|passphrase|token|secret|api_key|private_key(?!_path)|^url$/i;

export function resolveSettings(
  settings: Record<string, Located<unknown>>,
  env: NodeJS.ProcessEnv,
  what: string,
): { values: Record<string, unknown>; secrets: string[] } {
  const diags: Diagnostic[] = [];
  const values: Record<string, unknown> = {};
  const secrets: string[] = [];
  for (const [key, { value, span }] of Object.entries(settings)) {
    if (typeof value !== 'string') {
      values[key] = value;
      continue;
    }
    values[key] = value.replace(ref, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      diags.push({
        code: codes.missingEnvVar,
        severity: 'error',
        message: `environment variable ${name} is not set (needed by ${what}, setting '${key}')`,
        file: span.file,
        start: span.start,
        end: span.end,
        hint: `export ${name}=... before running, or write \${${name}:-default}`,
      });
      return '';
    });
    if (secretKey.test(key)) secrets.push(String(values[key]));
  }
  if (diags.length) throw new UserError(diags);
  return { values, secrets };
}

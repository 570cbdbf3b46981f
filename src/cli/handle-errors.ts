import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../diagnostics/diagnostic.js';
import type { Output } from './output.js';

/**
 * User mistakes print located diagnostics and exit 2 with no stack trace; warehouse failures outside a
 * node exit 1 with their cause; anything else is a bug and says so.
 */
export async function handleErrors(out: Output, projectDir: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) {
      const source = (file: string) => {
        const abs = join(projectDir, file);
        return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
      };
      out.diagnostics(e.diagnostics, source);
      out.result({ status: 'invalid', diagnostics: e.diagnostics });
      return 2;
    }
    const err = e as Error;
    // Failures of the run, not of Cible: a warehouse error outside a node, a sync that outgrew its heap cap.
    if (err.name === 'WarehouseError' || err.name === 'ResourceLimitError') {
      out.error(`error: ${err.message}`);
      out.result({ status: 'error', message: err.message });
      return 1;
    }
    out.error(`internal error: ${err.stack ?? err.message}\nThis is a bug in Cible; please report it with the command you ran.`);
    return 1;
  }
}

/** `cible sync`: progress while sending, a summary table, exit 1 when a sync failed or rejected too much. */
import { invokeSync } from '../../sync/invoke-sync.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

export async function syncCommand(flags: GlobalFlags, out: Output, names: string[]): Promise<number> {
  const started = Date.now();
  const rate = new Map<string, number>();
  const r = await invokeSync({ ...flags, names }, {
    onPrepared(p, syncs) {
      out.redact = p.redact;
      out.line(`${flags.dryRun ? 'Dry run of' : 'Syncing'} ${syncs.length} sync${syncs.length === 1 ? '' : 's'} from target '${p.target.name}' (${p.target.type})`);
    },
    onStart: (s) => rate.set(s, Date.now()),
    onProgress(s, x) {
      const secs = (Date.now() - (rate.get(s) ?? Date.now())) / 1000;
      const done = x.acknowledged + x.rejected;
      const perSec = secs > 0 ? done / secs : 0;
      const eta = perSec > 0 ? Math.max(0, (x.total - done) / perSec) : 0;
      out.status(`${s}: ${done.toLocaleString('en-US')}/${x.total.toLocaleString('en-US')} rows, ${Math.round(perSec).toLocaleString('en-US')} rows/s, ETA ${eta.toFixed(0)}s`);
    },
    onNote: (t) => out.line(`  ${t}`),
    onEnd(x) {
      const counts = `+${x.added} ~${x.changed} -${x.removed}`;
      if (x.status === 'dry_run') {
        out.line(`DRY   ${x.sync}: would send ${counts}; ${x.rejected} earlier rejects pending retry`);
        for (const sample of x.sample ?? []) out.line(`      ${JSON.stringify(sample)}`);
      } else {
        const tag = x.status === 'success' ? 'OK   ' : 'ERROR';
        out.line(`${tag} ${x.sync}: ${counts}, ${x.acknowledged} acknowledged, ${x.rejected} rejected${x.replayed_batches ? `, ${x.replayed_batches} batch(es) replayed` : ''} (${(x.elapsed_ms / 1000).toFixed(2)}s)${x.error ? `\n      ${x.error}` : ''}`);
      }
    },
  });
  if (r.results.length) {
    out.line('');
    out.table(['sync', 'status', 'added', 'changed', 'removed', 'acknowledged', 'rejected', 'seconds'], r.results.map((x) => [x.sync, x.status, String(x.added), String(x.changed), String(x.removed), String(x.acknowledged), String(x.rejected), (x.elapsed_ms / 1000).toFixed(2)]));
  } else out.line('No sync to run.');
  out.result({ status: r.exitCode === 0 ? 'success' : 'error', elapsed_ms: Date.now() - started, results: r.results });
  for (const x of r.results.filter((x) => x.error)) out.error(`${x.sync}: ${x.error}`);
  return r.exitCode;
}

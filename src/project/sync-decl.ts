import { codes } from '../diagnostics/codes.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { Infer } from './schema.js';
import type { syncEntrySchema } from './syncs-schema.js';
import type { SyncDecl } from './types.js';

/** A parsed sync entry to its typed form: exactly one of `model` / `segment` names the audience. */
export function toSyncDecl(s: Infer<typeof syncEntrySchema>, file: string, bag: DiagnosticBag): SyncDecl | undefined {
  const fromKey = s.segment !== undefined ? 'segment' : 'model';
  const from = s.segment ?? s.model;
  if (from === undefined || (s.segment !== undefined && s.model !== undefined)) {
    bag.add({ code: codes.missingKey, severity: 'error', message: `sync '${s.name}' needs exactly one of 'model' or 'segment'`, file, start: s.span.start, end: s.span.end, hint: 'model: <a model name> names the audience' });
    return undefined;
  }
  const located = <T>(value: T, key: string) => ({ value, span: s.keySpans[key] ?? s.span });
  return {
    name: s.name, description: s.description, from: located(from, fromKey), to: located(s.to, 'to'), mode: s.mode ?? 'upsert', key: s.key,
    match: Object.fromEntries([...(s.match ?? [])].map(([k, v]) => [k, v.value])),
    fields: Object.fromEntries([...(s.fields ?? [])].map(([k, v]) => [k, v.value])),
    options: Object.fromEntries([...(s.options ?? [])].map(([k, v]) => [k, v.value])),
    schedule: s.schedule, events: s.events ? { onEnter: s.events.on_enter, onExit: s.events.on_exit } : undefined,
    maxRejectRate: s.max_reject_rate, tags: s.tags ?? [], enabled: s.enabled ?? true, span: s.span, path: file,
  };
}

/** A sync declaration to a manifest node, checked against its destination and connector manifest. */
import { manifests } from '../../connectors/registry.js';
import { codes } from '../diagnostics/codes.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Span } from '../project/span.js';
import type { Project, SyncDecl } from '../project/types.js';
import type { CompiledNode } from './manifest.js';
import { resolveRef, type RefIndex } from './node-refs.js';
import { parseTemplate, TemplateError } from './template.js';

export function compileSync(s: SyncDecl, project: Project, index: RefIndex, bag: DiagnosticBag): CompiledNode | undefined {
  const fail = (span: Span, message: string, hint?: string, code: string = codes.badValue) => {
    bag.add({ code, severity: 'error', message, file: span.file, start: span.start, end: span.end, hint });
    return undefined;
  };
  const from = resolveRef(index, s.from.value);
  if ('error' in from) return fail(s.from.span, from.error, from.hint, codes.unknownRef);
  const dest = project.destinations.get(s.to.value);
  if (!dest) {
    return fail(s.to.span, `unknown destination '${s.to.value}'`, didYouMean(s.to.value, project.destinations.keys()) ?? `declare it under destinations: in project.yml (declared: ${[...project.destinations.keys()].join(', ') || 'none'})`, codes.unknownRef);
  }
  const manifest = manifests[dest.type];
  if (!manifest.modes.includes(s.mode)) return fail(s.span, `the ${dest.type} destination does not support mode '${s.mode}'`, `supported: ${manifest.modes.join(', ')}`);
  if (s.events && !manifest.events) return fail(s.span, `the ${dest.type} destination cannot receive events`, 'remove events: or choose a destination that supports them');
  const optionKeys = manifest.options.map((o) => o.key);
  for (const k of Object.keys(s.options)) {
    if (!optionKeys.includes(k)) return fail(s.span, `unknown option '${k}' for a ${dest.type} destination`, didYouMean(k, optionKeys) ?? `options: ${optionKeys.join(', ') || 'none'}`, codes.unknownKey);
  }
  for (const [field, src] of Object.entries(s.fields)) {
    if (!('template' in src)) continue;
    try {
      parseTemplate(src.template);
    } catch (e) {
      return fail(s.span, `field '${field}': ${(e as TemplateError).message}`, (e as TemplateError).hint, codes.templateError);
    }
  }
  return {
    id: `sync.${s.name}`, type: 'sync', name: s.name, path: s.path, tags: s.tags, enabled: s.enabled, description: s.description,
    dependsOn: [from.id], span: s.span,
    sync: {
      from: from.id, destination: dest.name, destinationType: dest.type, mode: s.mode, key: s.key, match: s.match, fields: s.fields,
      options: s.options, schedule: s.schedule, events: s.events, maxRejectRate: s.maxRejectRate,
    },
  };
}

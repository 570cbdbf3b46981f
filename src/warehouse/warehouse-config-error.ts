/**
 * A target whose settings cannot work: a required setting missing, a file that does not exist, credentials the
 * warehouse rejects, a database or dataset it does not have, a permission it does not grant. It is a UserError
 * (exit 2, a located diagnostic, no stack trace) naming the setting at fault; `locate` points it at that setting's
 * line in project.yml (or at the YAML that names a schema) once the caller knows where that is. Adapters build the
 * message from setting names and the server's answer only, never from a secret's value.
 */
import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import type { Span } from '../project/span.js';

export interface WarehouseConfigProblem {
  /** The target's name and type, as in project.yml. */
  target: string;
  type: string;
  /** The setting at fault (`project`, `keyfile`, `password`, `database`, ...); `schema` for a source's or model's schema. */
  setting: string;
  message: string;
  hint: string;
  /** missingKey / badValue for settings Cible checks itself; warehouseRejected (default) for what the server refused. */
  code?: string;
  /** The engine's code (`accessDenied`, `28P01`, `390100`...). */
  engineCode?: string;
  /** For `schema`: the schema (dataset) that does not exist, so the caller can point at the YAML that names it. */
  schema?: string;
  /** The statement that met the refusal, when it came from one (a node's query rather than the login). */
  sql?: string;
  node?: string;
  /** The original error, already stripped of anything secret by the adapter. */
  cause?: unknown;
}

export class WarehouseConfigError extends UserError {
  readonly setting: string;
  readonly schema?: string;
  /** As WarehouseError's, so the runner records the node, the SQL and the engine code the same way. */
  readonly details: { target: string; sql?: string; node?: string; engineCode?: string };

  constructor(p: WarehouseConfigProblem) {
    super([{ code: p.code ?? codes.warehouseRejected, severity: 'error', file: 'project.yml', message: `target '${p.target}' (${p.type}): ${p.message}`, hint: p.hint }]);
    this.name = 'WarehouseConfigError';
    this.setting = p.setting;
    this.schema = p.schema;
    this.details = { target: p.target, sql: p.sql, node: p.node, engineCode: p.engineCode };
    if (p.cause !== undefined) this.cause = p.cause;
  }

  /** Points the diagnostic at `span` (a setting in project.yml, or the YAML naming a schema). */
  at(span: Span | undefined): this {
    if (!span) return this;
    const d = this.diagnostics[0];
    d.file = span.file;
    d.start = span.start;
    d.end = span.end;
    return this;
  }

  /** Points at the setting in the target's spans (resolveTarget), else at the target's name. */
  locate(spans: { target: Span; settings: Record<string, Span> } | undefined): this {
    if (!spans || this.diagnostics[0].start) return this;
    return this.at(spans.settings[this.setting] ?? spans.target);
  }
}

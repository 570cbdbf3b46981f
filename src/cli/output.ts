/**
 * All printing goes through here: live progress on a terminal, plain lines when piped, one JSON document
 * with --json, nothing but errors with --quiet. Every string passes the secret redactor first.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format.js';

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  private readonly live: boolean;
  private statusShown = false;
  redact: (s: string) => string = (s) => s;

  constructor(opts: OutputOptions, private readonly out: NodeJS.WriteStream = process.stdout, private readonly err: NodeJS.WriteStream = process.stderr) {
    this.json = !!opts.json;
    this.quiet = !!opts.quiet;
    this.live = !!out.isTTY && !this.json && !this.quiet && !process.env.CI;
  }

  /** A normal line of human output. */
  line(text = ''): void {
    if (this.json || this.quiet) return;
    this.clearStatus();
    this.out.write(this.redact(text) + '\n');
  }

  /** The transient status line (TTY only): redrawn in place. */
  status(text: string): void {
    if (!this.live) return;
    const width = this.out.columns || 100;
    this.out.write('\r\x1b[2K' + this.redact(text).slice(0, width - 1));
    this.statusShown = true;
  }

  clearStatus(): void {
    if (this.statusShown) {
      this.out.write('\r\x1b[2K');
      this.statusShown = false;
    }
  }

  /** The machine-readable result of a command (only with --json). */
  result(value: unknown): void {
    if (!this.json) return;
    this.out.write(this.redact(JSON.stringify(value, null, 2)) + '\n');
  }

  error(text: string): void {
    this.clearStatus();
    this.err.write(this.redact(text) + '\n');
  }

  diagnostics(ds: Diagnostic[], source: (file: string) => string | undefined): void {
    this.clearStatus();
    for (const d of ds) this.err.write(this.redact(formatDiagnostic(d, source)) + '\n\n');
    const errors = ds.filter((d) => d.severity === 'error').length;
    this.err.write(`${errors} error${errors === 1 ? '' : 's'} found\n`);
  }

  table(headers: string[], rows: string[][]): void {
    const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
    const fmt = (r: string[]) => r.map((c, i) => (c.length > widths[i] ? c.slice(0, widths[i] - 1) + '…' : c.padEnd(widths[i]))).join('  ').trimEnd();
    this.line(fmt(headers));
    this.line(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) this.line(fmt(r));
  }
}

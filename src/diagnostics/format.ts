import type { Diagnostic } from './diagnostic.js';

/** Renders a diagnostic as `file:line:col: error CODE: message`, a code frame and a hint. */
export function formatDiagnostic(d: Diagnostic, sources: (file: string) => string | undefined): string {
  const where = d.file ? `${d.file}${d.start ? `:${d.start.line}:${d.start.col}` : ''}: ` : '';
  const lines = [`${where}${d.severity} ${d.code}: ${d.message}`];
  const text = d.file && d.start ? sources(d.file) : undefined;
  if (text !== undefined && d.start) lines.push(codeFrame(text, d.start.line, d.start.col, d.end));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

function codeFrame(text: string, line: number, col: number, end?: { line: number; col: number }): string {
  const all = text.split(/\r?\n/);
  const from = Math.max(1, line - 1);
  const to = Math.min(all.length, line + 1);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const marker = n === line ? '>' : ' ';
    out.push(`  ${marker} ${String(n).padStart(width)} | ${all[n - 1] ?? ''}`);
    if (n === line) {
      const len = end && end.line === line && end.col > col ? end.col - col : 1;
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}${'^'.repeat(Math.min(len, 80))}`);
    }
  }
  return out.join('\n');
}

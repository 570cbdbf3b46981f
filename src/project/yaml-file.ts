import { LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { codes } from '../diagnostics/codes.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { Span } from './span.js';

export interface YamlFile {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Parses YAML keeping source ranges; syntax errors become located diagnostics. Returns undefined on error. */
export function parseYamlFile(file: string, text: string, bag: DiagnosticBag): YamlFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // Only the first error: the YAML parser's later errors are almost always echoes of it.
  for (const err of doc.errors.slice(0, 1)) {
    const pos = lines.linePos(err.pos[0]);
    const lineText = text.split(/\r?\n/)[pos.line - 1] ?? '';
    bag.add({
      code: codes.yamlSyntax,
      severity: 'error',
      message: `YAML syntax error: ${firstLine(err.message)}`,
      file,
      start: { line: pos.line, col: pos.col },
      hint: err.code === 'DUPLICATE_KEY'
        ? 'each key may appear once in a mapping'
        : lineText.includes('${')
          ? 'quote values that hold ${VAR} references, e.g. password: "${DB_PASSWORD}" (braces start a YAML mapping)'
          : 'check indentation, colons and quotes',
    });
  }
  return doc.errors.length ? undefined : { file, text, doc, lines };
}

export function spanOf(y: YamlFile, node: YamlNode | null | undefined): Span {
  const range = node?.range ?? [0, 0, 0];
  const s = y.lines.linePos(range[0]);
  const e = y.lines.linePos(range[1]);
  return { file: y.file, start: { line: s.line, col: s.col }, end: { line: e.line, col: e.col } };
}

function firstLine(msg: string): string {
  return msg.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

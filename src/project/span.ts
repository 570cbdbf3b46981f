import type { Position } from '../diagnostics/diagnostic.js';

/** Where a value came from: every validated node keeps one, so later stages can point at YAML. */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

export function spanAt(file: string, line = 1, col = 1): Span {
  return { file, start: { line, col }, end: { line, col } };
}

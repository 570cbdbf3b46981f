/** A located problem in the user's project or command line. Diagnostics are data; the CLI formats them. */
export type Severity = 'error' | 'warning';

export interface Position {
  line: number; // 1-based
  col: number; // 1-based
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** Path relative to the project directory, or a pseudo-file such as `--select`. */
  file?: string;
  start?: Position;
  end?: Position;
  hint?: string;
}

/** Thrown when the project or the command is invalid: the CLI prints the diagnostics and exits 2. */
export class UserError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'UserError';
  }
}

/** Collects diagnostics while a stage keeps going, so one mistake does not hide the next. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  throwIfErrors(): void {
    if (this.hasErrors) throw new UserError(sortDiagnostics(this.items));
  }
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.start?.line ?? 0) - (b.start?.line ?? 0) ||
      (a.start?.col ?? 0) - (b.start?.col ?? 0) ||
      a.code.localeCompare(b.code),
  );
}

/** target/run_results.json, rewritten atomically as each node finishes so a crash still leaves a record. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type NodeStatus = 'success' | 'warn' | 'error' | 'skipped' | 'disabled';

export interface NodeResult {
  unique_id: string;
  name: string;
  type: string;
  status: NodeStatus;
  started_at?: string;
  completed_at?: string;
  execution_time_ms: number;
  rows?: number;
  failures?: number;
  message: string;
  error?: { message: string; sql?: string };
}

export interface RunResults {
  metadata: { command: string; target: string; invocation_id: string; started_at: string; completed_at?: string; elapsed_ms?: number };
  results: NodeResult[];
}

export class RunResultsWriter {
  readonly data: RunResults;
  constructor(private readonly dir: string, metadata: RunResults['metadata'], private readonly redact: (s: string) => string) {
    this.data = { metadata, results: [] };
    mkdirSync(dir, { recursive: true });
  }

  add(r: NodeResult): void {
    this.data.results.push(r);
    this.flush();
  }

  finish(): RunResults {
    const done = new Date();
    this.data.metadata.completed_at = done.toISOString();
    this.data.metadata.elapsed_ms = done.getTime() - Date.parse(this.data.metadata.started_at);
    this.flush();
    return this.data;
  }

  private flush(): void {
    const file = join(this.dir, 'run_results.json');
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, this.redact(JSON.stringify(this.data, null, 2)));
    renameSync(tmp, file);
  }
}

/**
 * Validated YAML, cached by file content (target/cache/parse.json), so a re-compile after one edit parses
 * one file: dbt's partial parsing without its staleness bugs, since the key is the text itself. Only files
 * that validated without a diagnostic are cached; a different Cible version starts from scratch.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION = 'cible-parse-1';

export class ParseCache {
  private entries: Record<string, unknown> = {};
  private used: Record<string, unknown> = {};
  private dirty = false;

  constructor(private readonly file: string | undefined) {
    if (!file || !existsSync(file)) return;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8'), revive) as { version: string; entries: Record<string, unknown> };
      if (data.version === VERSION) this.entries = data.entries;
    } catch {
      // A corrupt cache is only a slower compile.
    }
  }

  static forProject(projectDir: string): ParseCache {
    return new ParseCache(process.env.CIBLE_NO_CACHE ? undefined : join(projectDir, 'target', 'cache', 'parse.json'));
  }

  key(rel: string, text: string): string {
    return `${rel}:${createHash('sha1').update(text).digest('base64')}`;
  }

  get<T>(key: string): T | undefined {
    const v = this.entries[key];
    if (v !== undefined) this.used[key] = v;
    return v as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.used[key] = value;
    this.dirty = true;
  }

  /** Keeps only the entries this load used, so the cache never grows with deleted or edited files. */
  save(): void {
    if (!this.file || (!this.dirty && Object.keys(this.used).length === Object.keys(this.entries).length)) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: VERSION, entries: this.used }, replace));
    renameSync(tmp, this.file);
  }
}

function replace(_k: string, v: unknown): unknown {
  return v instanceof Map ? { __map: [...v.entries()] } : v;
}

function revive(_k: string, v: unknown): unknown {
  return v && typeof v === 'object' && '__map' in (v as object) ? new Map((v as { __map: [string, unknown][] }).__map) : v;
}

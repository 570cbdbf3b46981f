/** The benchmark rows: what each one runs, where, and how many times by default. */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProject } from './gen-project.js';
import { repoRoot } from './measure.js';

export interface Case {
  name: string;
  workload: string;
  /** Default number of measured runs (BENCH_RUNS overrides it for every row). */
  runs: number;
  /** Unmeasured runs first, to warm the OS file cache: only for the cheap rows. */
  warmup: number;
  /** Prepares the row (e.g. generates a project) and says what to run; called once. */
  setup(): Prepared | Promise<Prepared>;
}

export interface Prepared {
  cwd: string;
  args: string[];
  /** A compiled node script to run with `args` instead of the CLI (e.g. dist/bench/extract.js). */
  script?: string;
  /** Called before each run, e.g. to start from an empty database. */
  beforeEach?(): void | Promise<void>;
  /** Turns a measured run's stdout into a note for the workload text (e.g. iterations); undefined keeps it as is. */
  describe?(stdout: string): string | undefined;
  /** Removes what setup created. */
  cleanup?(): void;
}

/**
 * A re-compile of an unchanged project (what a developer and CI mostly do): the content-keyed parse cache
 * and unchanged compiled files are reused. `cold` deletes target/ before each run: a first compile.
 */
function compileCase(n: number, runs: number, cold = false): Case {
  return {
    name: `compile-${n}${cold ? '-cold' : ''}`,
    workload: `cible compile, ${n} generated models${cold ? ', no target/ (first compile)' : ', re-compile'}`,
    runs,
    warmup: 1,
    setup() {
      const dir = generateProject(n);
      return {
        cwd: dir,
        args: ['compile', '--quiet'],
        beforeEach: cold ? () => rmSync(join(dir, 'target'), { recursive: true, force: true }) : undefined,
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** A copy of the demo project (project.yml, models, seeds) in a temp dir, so the root .cible/ is untouched. */
function copyDemo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cible-bench-demo-'));
  for (const f of ['project.yml', 'models', 'seeds']) {
    if (existsSync(join(repoRoot, f))) cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  }
  return dir;
}

export const cases: Case[] = [
  {
    name: 'cli-start',
    workload: 'cible --help',
    runs: 5,
    warmup: 1,
    setup: () => ({ cwd: repoRoot, args: ['--help'] }),
  },
  compileCase(100, 5),
  compileCase(1000, 5),
  compileCase(5000, 3),
  compileCase(5000, 3, true),
  {
    name: 'build-demo',
    workload: 'cible build, demo project at the repo root',
    runs: 3,
    warmup: 0,
    setup: () => ({ cwd: repoRoot, args: ['build', '--quiet'] }),
  },
  {
    name: 'datagen-1m',
    workload: 'cible build -s tag:datagen, demo_customers=1M',
    runs: 1,
    warmup: 0,
    setup() {
      const dir = copyDemo();
      return {
        cwd: dir,
        args: ['build', '--quiet', '--select', 'tag:datagen', '--vars', '{demo_customers: 1000000}'],
        // Each run starts from an empty database, as a first build would.
        beforeEach: () => rmSync(join(dir, '.cible'), { recursive: true, force: true }),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];

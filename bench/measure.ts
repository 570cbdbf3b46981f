/**
 * Runs the real `cible` bin (or another node script: `runScript`) in a child process and measures its wall time and
 * peak resident memory.
 *
 * Peak RSS: when GNU time is installed (`/usr/bin/time`), the child is started as
 * `/usr/bin/time -f %M -o <file> node bin/cible.js ...`. GNU time gets the rusage of the process it waited
 * for from wait4(), so `%M` is the kernel's high-water mark (ru_maxrss, KiB) of exactly that node
 * process, taken after it has exited: nothing is sampled, so short peaks are not missed, and the
 * bench's own memory is not counted. Without GNU time, the child is `node dist/bench/rss-wrapper.js`,
 * which runs the CLI's `main()` in its own process and writes `process.resourceUsage().maxRSS` (the same
 * ru_maxrss, for itself) on exit; it adds only the wrapper module's few KiB.
 *
 * Wall time is measured here, around the whole spawn (process start, module loading and exit included),
 * which is what a user waits for; the `time` wrapper adds well under a millisecond of exec. The child's
 * CPU time (user + system, all threads, from the same rusage) is recorded too: on a busy machine it moves
 * much less than wall time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(repoRoot, 'bin', 'cible.js');
const gnuTime = '/usr/bin/time';
const wrapper = fileURLToPath(new URL('./rss-wrapper.js', import.meta.url));
export const rssMethod = existsSync(gnuTime) && !process.env.BENCH_NO_GNU_TIME ? 'GNU time %M' : 'in-process resourceUsage().maxRSS';

export interface RunResult {
  code: number;
  ms: number;
  /** Peak RSS of the CLI process in MiB, or undefined if it could not be read. */
  rssMb?: number;
  /** User + system CPU time of the CLI process in ms, or undefined if it could not be read. */
  cpuMs?: number;
  stdout: string;
  stderr: string;
}

export function runCible(args: string[], cwd: string, timeoutMs = 600_000): Promise<RunResult> {
  return runNode(undefined, args, cwd, timeoutMs);
}

/**
 * Runs `node <script> <args>` (a compiled bench script, e.g. dist/bench/extract.js) measured like the CLI: peak RSS
 * and CPU of that process alone, so servers it talks to (a fake warehouse in its own process) are not counted.
 */
export function runScript(script: string, args: string[], cwd: string, timeoutMs = 600_000): Promise<RunResult> {
  return runNode(script, args, cwd, timeoutMs);
}

async function runNode(script: string | undefined, args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'cible-bench-rss-'));
  const rssFile = join(tmp, 'rss');
  const [cmd, argv] = rssMethod.startsWith('GNU')
    ? [gnuTime, ['-f', '%M %U %S', '-o', rssFile, process.execPath, script ?? bin, ...args]]
    : [process.execPath, [wrapper, rssFile, ...(script ? ['--script', script] : []), ...args]];
  const start = performance.now();
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, NO_COLOR: '1', CIBLE_PROJECT_DIR: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = keepTail(stdout + d)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = keepTail(stderr + d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number>((res) => {
    child.on('error', (e) => ((stderr += `\n${e.message}`), res(-1)));
    child.on('close', (c, sig) => res(c ?? (sig ? 128 : -1)));
  });
  const ms = performance.now() - start;
  clearTimeout(timer);
  let rssMb: number | undefined;
  let cpuMs: number | undefined;
  try {
    // "<maxrss KiB> <user s> <system s>"; GNU time writes "Command exited with non-zero status N" first when the child fails.
    const [kib, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    if (Number.isFinite(kib) && kib > 0) rssMb = kib / 1024;
    if (Number.isFinite(user + sys)) cpuMs = (user + sys) * 1000;
  } catch {
    /* no rss file: the child was killed before it could be written */
  }
  rmSync(tmp, { recursive: true, force: true });
  return { code, ms, rssMb, cpuMs, stdout, stderr };
}

/** Child output is only kept to explain failures: the last 20 kB are enough. */
function keepTail(s: string): string {
  return s.length > 20_000 ? s.slice(-20_000) : s;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs the real `cible` bin in a child process without blocking this one. tests/helpers/cli.ts runCli uses
 * spawnSync, which would freeze the event loop that serves the fake BigQuery the child is talking to.
 */
import { spawn } from 'node:child_process';
import { bin, type CliResult } from '../../helpers/cli.js';

export function runCliAsync(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd,
      // No probe of the GCE metadata server from google-auth, whatever the target says.
      env: { ...process.env, NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

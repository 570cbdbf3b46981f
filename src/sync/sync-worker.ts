/** Entry of the sync thread (sync-thread.ts): runs the plan it is given and reports every event back. */
import { parentPort, workerData } from 'node:worker_threads';
import { runSyncJobs } from './run-sync-jobs.js';
import type { SyncPlan } from './sync-plan.js';
import { toWire, type WorkerMessage } from './sync-thread.js';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

runSyncJobs(workerData as SyncPlan, {
  onStart: (sync) => post({ t: 'start', sync }),
  onProgress: (sync, p) => post({ t: 'progress', sync, p }),
  onNote: (text) => post({ t: 'note', text }),
  onEnd: (r) => post({ t: 'end', r }),
}).then(
  (results) => post({ t: 'done', results }),
  (e) => post({ t: 'fail', error: toWire(e) }),
);

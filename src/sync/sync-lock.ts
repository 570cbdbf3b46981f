/** One run per sync at a time: a row in cible_state.locks, unique by sync, with an expiry for crashed owners. */
import { hostname } from 'node:os';
import type { StateStore } from './state-store.js';

/** The owner id of a lock taken by this process: `host:pid@run`. */
export const lockOwner = (runId: string) => `${hostname()}:${process.pid}@${runId}`;

/** A lock taken on this host by a process that no longer exists (killed run): safe to take over at once. */
function ownerIsDead(owner: string): boolean {
  const m = /^(.*):(\d+)@/.exec(owner);
  if (!m || m[1] !== hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class SyncLockedError extends Error {
  constructor(readonly sync: string, readonly owner: string, readonly expiresAt: string) {
    super(`sync '${sync}' is already running (owner ${owner}); its lock expires at ${expiresAt} if that run died`);
    this.name = 'SyncLockedError';
  }
}

export class SyncLock {
  constructor(private readonly store: StateStore, readonly sync: string, readonly owner: string, private readonly ttlMs = 120_000) {}

  private get where(): string {
    const p = this.store.p;
    return `${p.ident('sync')} = ${this.store.lit(this.sync)}`;
  }

  async acquire(now = new Date(), retried = false): Promise<void> {
    const p = this.store.p;
    const locks = this.store.t('locks');
    // A lock whose owner stopped renewing it (killed run) is taken over once it expires.
    await this.store.adapter.execute(`DELETE FROM ${locks} WHERE ${this.where} AND ${p.ident('expires_at')} < ${this.store.ts(now)}`);
    try {
      const cols = ['sync', 'owner', 'acquired_at', 'expires_at'].map((c) => p.ident(c)).join(', ');
      const values = [this.store.lit(this.sync), this.store.lit(this.owner), this.store.ts(now), this.store.ts(new Date(now.getTime() + this.ttlMs))].join(', ');
      await this.store.adapter.execute(`INSERT INTO ${locks} (${cols}) VALUES (${values})`);
    } catch {
      const { rows } = await this.store.query(`SELECT ${p.ident('owner')} AS o, CAST(${p.ident('expires_at')} AS ${p.dialect.types.string}) AS e FROM ${locks} WHERE ${this.where}`);
      // Without this a SIGKILLed run would block the sync until its lock expires (minutes).
      if (!retried && (!rows.length || ownerIsDead(String(rows[0].o)))) {
        if (rows.length) await this.store.adapter.execute(`DELETE FROM ${locks} WHERE ${this.where} AND ${p.ident('owner')} = ${this.store.lit(String(rows[0].o))}`);
        return this.acquire(now, true);
      }
      throw new SyncLockedError(this.sync, String(rows[0]?.o ?? 'unknown'), String(rows[0]?.e ?? 'unknown'));
    }
  }

  async renew(now = new Date()): Promise<void> {
    const p = this.store.p;
    await this.store.adapter.execute(`UPDATE ${this.store.t('locks')} SET ${p.ident('expires_at')} = ${this.store.ts(new Date(now.getTime() + this.ttlMs))} WHERE ${this.where} AND ${p.ident('owner')} = ${this.store.lit(this.owner)}`);
  }

  async release(): Promise<void> {
    await this.store.adapter.execute(`DELETE FROM ${this.store.t('locks')} WHERE ${this.where} AND ${this.store.p.ident('owner')} = ${this.store.lit(this.owner)}`);
  }
}

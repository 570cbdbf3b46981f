/**
 * Writes the audience to a CSV or JSONL file under a temporary name and renames it into place on finalize:
 * readers never see a half-written file, and a crash before the rename acknowledges nothing.
 */
import { createWriteStream, mkdirSync, renameSync, type WriteStream } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Connector, DestinationClient, OutgoingBatch, RowResult } from '../types.js';
import { fileManifest } from './manifest.js';

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const fileConnector: Connector = {
  manifest: fileManifest,
  wantsFullAudience: (config) => String(config.content ?? 'full') !== 'delta',
  async open(config, ctx): Promise<DestinationClient> {
    const dir = String(config.path);
    const format = String(config.format ?? 'csv');
    const delta = String(config.content ?? 'full') === 'delta';
    if (!['csv', 'jsonl'].includes(format)) throw new Error(`file destination: format must be csv or jsonl, got '${format}'`);
    const absDir = isAbsolute(dir) ? dir : resolve(ctx.projectDir, dir);
    mkdirSync(absDir, { recursive: true });
    const base = String(ctx.options.file_name ?? ctx.sync);
    const finalPath = join(absDir, delta ? `${base}.${ctx.runId}.${format}` : `${base}.${format}`);
    const tmpPath = `${finalPath}.${process.pid}.tmp`;
    let out: WriteStream | undefined;
    let header: string[] | undefined;
    const write = (text: string) => new Promise<void>((res, rej) => (out!.write(text) ? res() : out!.once('drain', res).once('error', rej)));
    return {
      async send(batch: OutgoingBatch): Promise<RowResult[]> {
        out ??= createWriteStream(tmpPath);
        // A full file is the audience itself: removed members are simply absent from it.
        if (!delta && batch.operation === 'delete') return batch.rows.map((r) => ({ key: r.key, ok: true }));
        let text = '';
        for (const r of batch.rows) {
          const record: Record<string, unknown> = { key: r.key, ...(delta ? { _op: batch.operation } : {}), ...(r.event ? { _event: r.event } : {}), ...r.identifiers, ...r.fields };
          if (format === 'jsonl') text += JSON.stringify(record) + '\n';
          else {
            if (!header) {
              header = Object.keys(record);
              text += header.map(csvCell).join(',') + '\n';
            }
            text += header.map((h) => csvCell(record[h])).join(',') + '\n';
          }
        }
        await write(text);
        return batch.rows.map((r) => ({ key: r.key, ok: true }));
      },
      async finalize() {
        // A delta run with nothing to say leaves no empty file behind; a full file is always (re)written.
        if (!out && delta) return;
        out ??= createWriteStream(tmpPath);
        await new Promise<void>((res, rej) => out!.end((e?: Error | null) => (e ? rej(e) : res())));
        renameSync(tmpPath, finalPath);
      },
      async close() {
        out?.destroy();
      },
    };
  },
};

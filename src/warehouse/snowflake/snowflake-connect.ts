/**
 * From target settings to logged-in snowflake-sdk connections. The SDK is imported here, lazily, only when a
 * Snowflake target runs. Misconfiguration (missing setting, key file, passphrase, rejected login) is a UserError
 * naming the setting (exit 2); nothing here ever puts a password or passphrase into a message.
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Connection, ConnectionOptions, SnowflakeError } from 'snowflake-sdk';
import { codes } from '../../diagnostics/codes.js';
import { WarehouseConfigError } from '../warehouse-config-error.js';
import { WarehouseError } from '../warehouse-error.js';

export interface SnowflakeSettings {
  account?: string;
  user?: string;
  password?: string;
  private_key_path?: string;
  private_key_passphrase?: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  threads?: number;
  /** Where the driver connects instead of https://<account>.snowflakecomputing.com (a proxy, or the test fake). */
  access_url?: string;
}

/**
 * Session setup run once per connection, right after login (snowflake-sdk cannot send arbitrary session parameters at
 * login, sf.js: only a fixed few; lightdash/lightdash#15814), as a single statement: session-only statements stay on
 * the cloud-services layer and do not resume the warehouse, unlike a multi-statement batch (lightdash/lightdash#23395).
 *
 * CLIENT_RESULT_CHUNK_SIZE = 16 (MB, documented range 16-160, default 160): the server grows a large result's chunks
 * about x2 each up to this cap (lightdash/lightdash#25681), and snowflake-sdk turns each whole chunk into row objects
 * (~570 B a row for 3 narrow columns, row-batches.ts) and keeps it until the next one is parsed. At 160 a narrow-row
 * chunk can reach millions of rows; at 16 the chunk, and so the driver's memory, is bounded whatever the result's
 * size. Since Snowflake's 2026_04 behaviour bundle the cap bounds each chunk's uncompressed size
 * (docs.snowflake.com release-notes/bcr-bundles/2026_04/bcr-2319); before it, measured largest chunks were ~4.8-12.6
 * MiB uncompressed at 16 against ~46-100 MiB at 160 (snowflake-connector-nodejs#790, 2026-09). The price is more chunk
 * downloads of smaller chunks (the SDK fetches `resultPrefetch` = 2 ahead) and this one statement per connection.
 * Measured through the fake (tests/fakes/snowflake lays chunks out the same way), streaming 3M rows of (id, email,
 * score), 5 runs each: peak RSS 1,765-1,786 MB at 160 (largest chunk 64 MB, 1.33M rows) against 907-1,568 MB at 16
 * (16 MB, 350k rows), in the same 11-15 s. A 1M-row result (45 MB) is laid out alike either way: its doubling
 * reaches 16 MB as its rows run out.
 * lightdash set the same value and reverted it a day later (#25708) without a stated reason in what we could read.
 * Those figures are the SDK's row stream. Large streamed results are now read by the adapter's own chunk reader
 * (chunked-result.ts), which parses rows as they arrive and buffers at most 8 MB of a chunk ahead, whatever the chunk
 * size (bench extract-1m-snowflake-fake: 208-256 MB instead of 711-755 MB). The cap stays for what still goes through
 * the SDK: `query()` results, small streams, and streams that reader hands back to the SDK (chunked-result.ts).
 */
export const SESSION_SETUP = 'ALTER SESSION SET CLIENT_RESULT_CHUNK_SIZE = 16';

/** Opens one logged-in connection. Injectable: tests, or callers with their own driver setup, pass their own. */
export type SnowflakeConnector = () => Promise<Connection>;

const settingError = (target: string, key: string, message: string, hint: string, code?: string) =>
  new WarehouseConfigError({ target, type: 'snowflake', setting: key, code: code ?? (key === 'account' || key === 'user' ? codes.missingKey : codes.badValue), message, hint });

/** Replaces every secret with ****, for any text that may leave the adapter. */
export function scrubber(settings: SnowflakeSettings): (s: string) => string {
  const secrets = [settings.password, settings.private_key_passphrase].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return (s) => secrets.reduce((out, secret) => out.split(secret).join('****'), s);
}

/**
 * A copy of a driver error with only what the server said. Transport errors can carry the HTTP request, and a
 * login request holds the password in its body, so such an original is never kept as `cause`.
 */
export function safeError(e: unknown, scrub: (s: string) => string): Error {
  const src = e as Partial<SnowflakeError> & { sqlState?: string };
  const out = new Error(scrub(String(src?.message ?? e))) as Error & { code?: unknown; sqlState?: string };
  out.name = typeof src?.name === 'string' ? src.name : 'Error';
  if (src?.code !== undefined) out.code = src.code;
  if (src?.sqlState) out.sqlState = src.sqlState;
  return out;
}

function driverOptions(settings: SnowflakeSettings, projectDir: string, target: string): ConnectionOptions {
  if (!settings.account) throw settingError(target, 'account', 'missing `account`', 'the account identifier, e.g. myorg-myaccount (the part before .snowflakecomputing.com)');
  if (!settings.user) throw settingError(target, 'user', 'missing `user`', 'the login name, e.g. user: ${SNOWFLAKE_USER}');
  const base: ConnectionOptions = {
    account: String(settings.account), username: String(settings.user), role: settings.role, warehouse: settings.warehouse,
    database: settings.database, schema: settings.schema, accessUrl: settings.access_url,
    // The driver's default (7 login retries with backoff) makes an unreachable host fail after ~3.5 minutes;
    // 3 retries still ride out a blip, and a refused connection fails in about 6 s.
    sfRetryMaxLoginRetries: 3,
    // Rows the driver's row stream buffers ahead of the reader (SDK option since 3.x, connection_config.js; default 10,
    // i.e. an event-loop turn and a wake-up of row-batches.ts every 10 rows). 1,000 is a tenth of a default 10k-row
    // batch: ~10% less CPU on 1M rows, peak memory unchanged.
    rowStreamHighWaterMark: 1000,
  };
  if (settings.private_key_path) {
    const path = isAbsolute(settings.private_key_path) ? settings.private_key_path : resolve(projectDir, settings.private_key_path);
    if (!existsSync(path)) throw settingError(target, 'private_key_path', `private_key_path ${path} does not exist`, 'the PEM file of the private key whose public key is set on the user (ALTER USER ... SET RSA_PUBLIC_KEY)');
    try {
      createPrivateKey({ key: readFileSync(path), format: 'pem', passphrase: settings.private_key_passphrase ?? '' });
    } catch {
      throw settingError(target, 'private_key_passphrase', `cannot read the private key in ${path}`, settings.private_key_passphrase ? 'check private_key_passphrase: it does not decrypt this key' : 'the key is encrypted or not a PEM private key: set private_key_passphrase, e.g. ${SNOWFLAKE_KEY_PASSPHRASE}');
    }
    return { ...base, authenticator: 'SNOWFLAKE_JWT', privateKeyPath: path, privateKeyPass: settings.private_key_passphrase };
  }
  if (!settings.password) throw settingError(target, 'password', 'no credentials: set `password` or `private_key_path`', 'e.g. password: ${SNOWFLAKE_PASSWORD}, or key-pair authentication with private_key_path (+ private_key_passphrase)');
  return { ...base, authenticator: 'SNOWFLAKE', password: String(settings.password) };
}

/** Login codes that mean the settings are wrong (not that Snowflake is down), and the setting each points at. */
const loginHints: Record<string, { setting: string; hint: string }> = {
  '390100': { setting: 'password', hint: 'check `user` and `password` of this target' },
  '390101': { setting: 'user', hint: 'the user is locked after failed logins; an administrator can unlock it (ALTER USER ... SET MINS_TO_UNLOCK = 0)' },
  '390102': { setting: 'user', hint: 'the user is disabled' },
  '390144': { setting: 'private_key_path', hint: 'the key does not match the public key set on the user: check `private_key_path`, `user` and `account`' },
  '390189': { setting: 'role', hint: 'the role is not granted to this user: check `role`' },
  '390201': { setting: 'database', hint: 'check `database`, `schema` and `warehouse`, and that the role may use them' },
};

function loginFailure(e: unknown, settings: SnowflakeSettings, target: string, scrub: (s: string) => string): Error {
  const clean = safeError(e, scrub);
  const code = (clean as { code?: unknown }).code;
  const known = code !== undefined ? loginHints[String(code)] : undefined;
  if (known) {
    const setting = known.setting === 'password' && settings.private_key_path ? 'private_key_path' : known.setting;
    const err = settingError(target, setting, `Snowflake rejected the login of '${settings.user}' to account '${settings.account}': ${clean.message} (${String(code)})`, known.hint, codes.warehouseRejected);
    err.details.engineCode = String(code);
    err.cause = clean;
    return err;
  }
  return new WarehouseError(`cannot connect to Snowflake account '${settings.account}'`, { target, engineCode: code !== undefined ? String(code) : undefined, cause: clean });
}

/** Builds a connector from settings with the official snowflake-sdk. */
export async function sdkConnector(settings: SnowflakeSettings, projectDir: string, target: string): Promise<SnowflakeConnector> {
  const options = driverOptions(settings, projectDir, target);
  const scrub = scrubber(settings);
  // The driver probes cloud metadata endpoints at import time (200 ms) only to report the platform in telemetry.
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
  const mod = await import('snowflake-sdk');
  const sdk = (mod as unknown as { default?: typeof mod }).default ?? mod;
  // Its winston logger would write snowflake.log into the project and to stdout; Cible prints through its own output.
  const quiet = () => undefined;
  sdk.configure({ customLogger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet } });
  return () =>
    new Promise<Connection>((resolveConn, reject) => {
      let conn: Connection;
      try {
        conn = sdk.createConnection(options);
      } catch (e) {
        reject(settingError(target, 'account', scrub(String((e as Error).message)), 'check the settings of this target'));
        return;
      }
      // connect(callback), not connectAsync(): the latter resolves even when the login fails (reference B1).
      conn.connect((err) => {
        if (err) return reject(loginFailure(err, settings, target, scrub));
        conn.execute({
          sqlText: SESSION_SETUP, parameters: { QUERY_TAG: JSON.stringify({ app: 'cible', target }) },
          complete: (e) => {
            if (!e) return resolveConn(conn);
            conn.destroy(() => undefined);
            const code = (e as { code?: unknown }).code;
            reject(new WarehouseError(`Snowflake session setup failed on account '${settings.account}'`, { target, sql: SESSION_SETUP, engineCode: code !== undefined ? String(code) : undefined, cause: safeError(e, scrub) }));
          },
        });
      });
    });
}

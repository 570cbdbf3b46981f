/**
 * A loopback server speaking just enough of the PostgreSQL v3 wire protocol to refuse a login the way a server with
 * password authentication does: StartupMessage -> AuthenticationCleartextPassword -> PasswordMessage ->
 * ErrorResponse FATAL 28P01 `password authentication failed for user "<user>"` (PostgreSQL's own wording).
 * Needed because the real test server at 127.0.0.1:5432 trusts every local login (pg_hba `trust`), so it accepts any
 * password. Cleartext is the worst case for leaks: the password crosses the wire as is, and must still never be printed.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RefusingPostgres {
  port: number;
  /** Passwords received, to prove the client did send one. */
  passwords: string[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;

function message(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), len, body]);
}

function errorResponse(code: string, text: string): Buffer {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', code], ['M', text]].map(([k, v]) => Buffer.from(`${k}${v}\0`));
  return message('E', Buffer.concat([...fields, Buffer.from('\0')]));
}

export async function startRefusingPostgres(): Promise<RefusingPostgres> {
  const passwords: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let user = '';
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!started) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          const body = buf.subarray(8, len);
          buf = buf.subarray(len);
          if (code === SSL_REQUEST) {
            socket.write('N');
            continue;
          }
          const parts = body.toString('utf8').split('\0');
          for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i] === 'user') user = parts[i + 1];
          started = true;
          const auth = Buffer.alloc(4);
          auth.writeInt32BE(3); // AuthenticationCleartextPassword
          socket.write(message('R', auth));
          continue;
        }
        if (buf.length < 5) return;
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return;
        const type = String.fromCharCode(buf[0]);
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        if (type === 'p') {
          passwords.push(body.toString('utf8').replace(/\0$/, ''));
          socket.end(errorResponse('28P01', `password authentication failed for user "${user}"`));
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    passwords,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

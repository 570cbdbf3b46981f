/**
 * Login checks of the fake (reference B3): user + password, or key-pair (SNOWFLAKE_JWT): the driver signs a JWT
 * with RS256, `iss` = ACCOUNT.USER.SHA256:<base64 sha256 of the public key's DER>, `sub` = ACCOUNT.USER. The fake
 * verifies the signature against the public key registered for the user, as `ALTER USER ... SET RSA_PUBLIC_KEY`.
 */
import { createHash, createPublicKey, createVerify, type KeyObject } from 'node:crypto';

export interface FakeUser {
  password?: string;
  /** PEM or KeyObject of the user's RSA public key. */
  publicKey?: string | KeyObject;
}

export interface LoginFailure {
  code: string;
  message: string;
}

const b64url = (s: string) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

function verifyJwt(token: string, key: KeyObject, account: string, user: string): boolean {
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) return false;
  const header = JSON.parse(b64url(h).toString('utf8')) as { alg?: string };
  const payload = JSON.parse(b64url(p).toString('utf8')) as { iss?: string; sub?: string; exp?: number };
  if (header.alg !== 'RS256') return false;
  const fingerprint = 'SHA256:' + createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('base64');
  const who = `${account.toUpperCase()}.${user.toUpperCase()}`;
  if (payload.sub !== who || payload.iss !== `${who}.${fingerprint}`) return false;
  // snowflake-sdk 3.3.0 puts milliseconds in iat/exp; accept seconds too.
  const exp = Number(payload.exp);
  if (!(exp > 1e12 ? exp : exp * 1000) || (exp > 1e12 ? exp : exp * 1000) < Date.now()) return false;
  return createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, b64url(sig));
}

/** `undefined` when the login is accepted. */
export function checkLogin(users: Map<string, FakeUser>, data: Record<string, unknown>): LoginFailure | undefined {
  const login = String(data.LOGIN_NAME ?? '');
  const user = users.get(login.toUpperCase());
  const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  if (authenticator === 'SNOWFLAKE_JWT') {
    const key = user?.publicKey && (typeof user.publicKey === 'string' ? createPublicKey(user.publicKey) : user.publicKey);
    let ok = false;
    try {
      ok = !!key && verifyJwt(String(data.TOKEN ?? ''), key, String(data.ACCOUNT_NAME ?? ''), login);
    } catch {
      ok = false;
    }
    return ok ? undefined : { code: '390144', message: 'JWT token is invalid.' };
  }
  if (authenticator !== 'SNOWFLAKE') return { code: '390190', message: `There was an error related to the SAML Identity Provider account parameter.` };
  if (!user || user.password === undefined || user.password !== data.PASSWORD) return { code: '390100', message: 'Incorrect username or password was specified.' };
  return undefined;
}

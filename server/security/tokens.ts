/**
 * Session and CSRF tokens. A session token is 32 random bytes in the cookie; the database keeps only its HMAC
 * under the server secret, so neither a copy of the database nor a guessed value yields a usable cookie.
 * CSRF tokens are signed double-submit tokens bound to the session: `nonce.HMAC(secret, nonce|session)`.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN_BYTES = 32;

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Rejects anything that is not the shape we issue before touching the database. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function hashSessionToken(secret: string, token: string): string {
  return createHmac("sha256", secret).update(`session:${token}`).digest("base64url");
}

function csrfSignature(secret: string, nonce: string, sessionIdHash: string | null): string {
  return createHmac("sha256", secret).update(`csrf:${nonce}:${sessionIdHash ?? "anonymous"}`).digest("base64url");
}

export function newCsrfToken(secret: string, sessionIdHash: string | null): string {
  const nonce = randomBytes(18).toString("base64url");
  return `${nonce}.${csrfSignature(secret, nonce, sessionIdHash)}`;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The header must equal the cookie (the double submit) and carry our signature for this session. */
export function verifyCsrfToken(
  secret: string,
  sessionIdHash: string | null,
  cookieValue: string | undefined,
  headerValue: string | undefined,
): boolean {
  if (!cookieValue || !headerValue || !safeEqual(cookieValue, headerValue)) return false;
  const [nonce, signature, extra] = headerValue.split(".");
  if (!nonce || !signature || extra !== undefined) return false;
  return safeEqual(signature, csrfSignature(secret, nonce, sessionIdHash));
}

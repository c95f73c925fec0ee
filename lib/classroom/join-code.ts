/**
 * Join codes: six characters shown as `K7Q-4PX`, from an alphabet without look-alikes (no 0/O, 1/I/L), so a
 * code read off a projector or a worksheet is typed right. 31^6 ≈ 8.9e8 codes; guessing is rate limited.
 */

export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 6;

/** The largest multiple of the alphabet size that fits in a byte: bytes above it are rejected so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = Math.floor(256 / JOIN_CODE_ALPHABET.length) * JOIN_CODE_ALPHABET.length;

/**
 * A new code in canonical form (no dash), drawn from `randomBytes` (the server passes node:crypto's).
 */
export function generateJoinCode(randomBytes: (count: number) => Uint8Array): string {
  let code = "";
  while (code.length < JOIN_CODE_LENGTH) {
    for (const byte of randomBytes(JOIN_CODE_LENGTH * 2)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
      if (code.length === JOIN_CODE_LENGTH) break;
    }
  }
  return code;
}

/** `K7Q4PX` → `K7Q-4PX`, for display. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * What a person typed (any case, with or without the dash or spaces) → the canonical code, or null when it
 * cannot be a code at all (wrong length or a character the alphabet never uses).
 */
export function normalizeJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s\-‐‑–—]/gu, "");
  if (code.length !== JOIN_CODE_LENGTH) return null;
  for (const char of code) if (!JOIN_CODE_ALPHABET.includes(char)) return null;
  return code;
}

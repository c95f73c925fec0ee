/**
 * Password policy. Teachers hold a whole class's data, so they need a real password. Students may choose a
 * password or a numeric PIN (young pupils on shared Chromebooks); a PIN is only acceptable because sign-in is
 * rate limited per account and per IP on the server.
 */

export const TEACHER_PASSWORD_MIN_LENGTH = 8;
export const STUDENT_PASSWORD_MIN_LENGTH = 6;
export const PIN_MIN_LENGTH = 4;
/** Upper bound so nobody can make the server hash megabytes (the KDF is deliberately expensive). */
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = "too_short" | "too_long" | "too_common" | "contains_name" | "pin_too_simple";

export type AccountKind = "teacher" | "student";

/** The handful of choices every guessing list starts with. */
const COMMON = new Set([
  "password",
  "password1",
  "passw0rd",
  "qwerty",
  "qwertyui",
  "qwerty123",
  "letmein",
  "welcome",
  "iloveyou",
  "abc123",
  "abcdef",
  "abcdefg",
  "abcdefgh",
  "123456",
  "1234567",
  "12345678",
  "123456789",
  "1234567890",
  "111111",
  "11111111",
  "000000",
  "00000000",
  "football",
  "monkey",
  "dragon",
  "sunshine",
  "princess",
  "admin123",
  "teacher",
  "teacher1",
  "school",
  "student",
  "classroom",
]);

function isPin(password: string): boolean {
  return /^[0-9]+$/.test(password);
}

/** All one digit, or a run up or down ("1234", "9876", "0123"). */
function isTrivialPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => d - digits[i]!));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!);
}

/**
 * Returns what is wrong with `password`, or null when it is acceptable. `names` are things about the person
 * (e-mail, display name) that must not be the password.
 */
export function checkPassword(password: string, kind: AccountKind, names: readonly string[] = []): PasswordProblem | null {
  if ([...password].length > PASSWORD_MAX_LENGTH) return "too_long";
  const lower = password.toLowerCase();
  if (kind === "student" && isPin(password)) {
    if (password.length < PIN_MIN_LENGTH) return "too_short";
    if (isTrivialPin(password)) return "pin_too_simple";
    return null;
  }
  const min = kind === "teacher" ? TEACHER_PASSWORD_MIN_LENGTH : STUDENT_PASSWORD_MIN_LENGTH;
  if ([...password].length < min) return "too_short";
  if (COMMON.has(lower) || new Set(lower).size === 1) return "too_common";
  for (const name of names) {
    const part = name.toLowerCase().split("@")[0]!.trim();
    if (part.length >= 3 && lower.includes(part)) return "contains_name";
  }
  return null;
}

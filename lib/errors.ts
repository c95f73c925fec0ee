/**
 * Every error a client can receive, over HTTP or in a socket ack. The code is stable (clients branch on it and
 * translate it with lib/i18n/describe-error); `reason` narrows it where one code has several user-facing
 * explanations (which rule a password broke, say), and `values` carries the numbers its message needs.
 */
export const ERROR_CODES = [
  "bad_request",
  "malformed_json",
  "payload_too_large",
  "unsupported_media_type",
  "not_found",
  "method_not_allowed",
  "unauthenticated",
  "forbidden",
  "csrf_failed",
  "rate_limited",
  "invalid_credentials",
  "email_taken",
  "invalid_email",
  "weak_password",
  "invalid_name",
  "invalid_code",
  "unknown_code",
  "expired_code",
  "classroom_locked",
  "classroom_archived",
  "name_taken",
  "teachers_cannot_join",
  "protocol_mismatch",
  "invalid_weights",
  "race_closed",
  "submission_limit",
  "unavailable",
  "scoring_busy",
  "invalid_dataset",
  "dataset_in_use",
  "dataset_limit",
  "password_change_required",
  "invalid_reset_link",
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  /** English, for logs, operators and API users; the app never shows it (it writes its own, in the reader's language). */
  message: string;
  reason?: string;
  /** For `bad_request`: which field was wrong. */
  field?: string;
  /** The values the reason's message needs (`{ min: 12 }` for a password too short). */
  values?: Record<string, string | number>;
}

/** The failure half of every result union (HTTP bodies and socket acks). */
export type Failure = { ok: false; error: ErrorBody };
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

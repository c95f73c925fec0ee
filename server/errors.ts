/**
 * The one error type handlers throw. The HTTP layer and the socket layer turn it into a Failure with the
 * user-facing message from lib/i18n; anything else becomes `internal`, with details only in the log.
 */
import type { ErrorBody, ErrorCode, Failure } from "@/lib/errors";
import type { InputResult } from "@/lib/input";
import { errorReasons, errors } from "@/lib/i18n/en/errors";
import { format } from "@/lib/i18n/format";

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  method_not_allowed: 405,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  rate_limited: 429,
  invalid_credentials: 401,
  email_taken: 409,
  invalid_email: 400,
  weak_password: 400,
  invalid_name: 400,
  invalid_code: 400,
  unknown_code: 404,
  expired_code: 410,
  classroom_locked: 403,
  classroom_archived: 403,
  name_taken: 409,
  teachers_cannot_join: 403,
  protocol_mismatch: 400,
  invalid_weights: 422,
  race_closed: 409,
  submission_limit: 409,
  unavailable: 503,
  scoring_busy: 503,
  invalid_dataset: 422,
  dataset_in_use: 409,
  dataset_limit: 409,
  password_change_required: 403,
  invalid_reset_link: 410,
  internal: 500,
};

export interface AppErrorOptions {
  reason?: string;
  field?: string;
  /** Values for the reason's message placeholders. */
  values?: Record<string, string | number>;
  /** Overrides the catalogue message (validation messages from zod). */
  message?: string;
  /** Seconds, for 429 and 503 responses. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly options: AppErrorOptions;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? messageFor(code, options));
    this.code = code;
    this.options = options;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.options.reason ? { reason: this.options.reason } : {}),
      ...(this.options.field ? { field: this.options.field } : {}),
      // The client writes the message in the reader's language; it needs the numbers the English one used.
      ...(this.options.values ? { values: this.options.values } : {}),
    };
  }

  toFailure(): Failure {
    return { ok: false, error: this.toBody() };
  }
}

function messageFor(code: ErrorCode, options: AppErrorOptions): string {
  const specific = options.reason ? (errorReasons as Record<string, string>)[`${code}.${options.reason}`] : undefined;
  return format(specific ?? errors[code], options.values);
}

export function internalFailure(): Failure {
  return new AppError("internal").toFailure();
}

/**
 * The 400 for input that failed lib/input's checks, naming the field. An issue that carries a catalogue reason
 * (e.g. race rules whose scoring would cost too much) is answered with that reason's message from lib/i18n;
 * others with zod's text.
 */
export function inputError(failure: Exclude<InputResult<unknown>, { ok: true }>): AppError {
  const field = failure.field || undefined;
  if (failure.problem === "malformed_text") return new AppError("bad_request", { reason: "malformed_text", field });
  if (failure.reason) return new AppError("bad_request", { field, reason: failure.reason, values: failure.values });
  return new AppError("bad_request", { field, message: failure.message });
}

/**
 * The one error type handlers throw. The HTTP layer and the socket layer turn it into a Failure: a code, the
 * reason that narrows it and the values its message needs, never a sentence (the app words it in the reader's
 * language). Anything else becomes `internal`, with details only in the log.
 */
import type { ErrorBody, ErrorCode, ErrorProblem, Failure, RaceRefusal, ReasonOf, WireIssue } from "@/lib/errors";
import type { InputResult } from "@/lib/input";

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

export interface AppErrorOptions<C extends ErrorCode = ErrorCode> {
  /** One of the code's reasons (lib/errors ERROR_REASONS), or a race refusal (server/race/errors). */
  reason?: ReasonOf<C> | RaceRefusal;
  field?: string;
  /** Values for the reason's message placeholders. */
  values?: Record<string, string | number>;
  /** A technical detail in English for developers and logs (the JSON parser's complaint); never shown. */
  message?: string;
  issue?: WireIssue;
  problems?: ErrorProblem[];
  /** Seconds, for 429 and 503 responses. */
  retryAfterSeconds?: number;
}

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly options: AppErrorOptions<C>;

  constructor(code: C, options: AppErrorOptions<C> = {}) {
    super(logLine(code, options));
    this.code = code;
    this.options = options;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      ...(this.options.message ? { message: this.options.message } : {}),
      ...(this.options.reason ? { reason: this.options.reason } : {}),
      ...(this.options.field ? { field: this.options.field } : {}),
      // The client writes the message in the reader's language from the code, reason and these values.
      ...(this.options.values ? { values: this.options.values } : {}),
      ...(this.options.issue ? { issue: this.options.issue } : {}),
      ...(this.options.problems ? { problems: this.options.problems } : {}),
    };
  }

  toFailure(): Failure {
    return { ok: false, error: this.toBody() };
  }
}

/** What operators read in logs: the code, its reason, values and detail (English and codes, no catalogue). */
function logLine(code: ErrorCode, options: AppErrorOptions<ErrorCode>): string {
  const parts: string[] = [options.reason ? `${code} (${options.reason})` : code];
  if (options.field) parts.push(`field ${options.field}`);
  if (options.values) parts.push(JSON.stringify(options.values));
  if (options.problems) parts.push(options.problems.map((p) => `${p.field}: ${p.problem}`).join("; "));
  if (options.message) parts.push(options.message);
  return parts.join(": ");
}

export function internalFailure(): Failure {
  return new AppError("internal").toFailure();
}

/**
 * The 400 for input that failed lib/input's checks, naming the field and carrying the schema's issue (the app
 * words it); an issue that names a catalogue reason (race rules whose scoring would cost too much) also sends
 * that reason and its values. The schema's English stays as the detail for API users.
 */
export function inputError(failure: Exclude<InputResult<unknown>, { ok: true }>): AppError {
  const field = failure.field || undefined;
  if (failure.problem === "malformed_text") return new AppError("bad_request", { reason: "malformed_text", field });
  return new AppError("bad_request", { field, reason: failure.reason, values: failure.values, issue: failure.issue, message: failure.message });
}

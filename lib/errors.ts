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

/**
 * Every reason a code can be narrowed by, per code: the server may send no other (AppError's types), and each
 * has a message in every catalogue (lib/i18n/<locale>/errors.ts errorReasons, keyed `<code>.<reason>`).
 */
export const ERROR_REASONS = {
  weak_password: ["too_short", "too_long", "too_common", "contains_name", "pin_too_simple", "same_as_one_time"],
  invalid_name: ["empty", "too_long", "control_characters"],
  payload_too_large: ["body", "weights"],
  rate_limited: ["retry", "throttled", "checkpoint_too_soon", "checkpoint_superseded", "too_many_connections"],
  forbidden: ["not_teacher", "teachers_only", "not_member", "run_not_yours", "not_in_room", "teacher_cannot_leave", "not_run_owner", "private_board_hidden"],
  not_found: ["run", "weights", "dataset"],
  bad_request: [
    "compare_count",
    "run_ended",
    "nothing_to_change",
    "malformed_text",
    "malformed_path",
    "cannot_remove_teacher",
    "scoring_cost",
    "dataset_split",
    "dataset_too_short",
    "example_read_only",
    "not_a_student",
    "no_change_required",
    "epoch_gap",
    "id_taken",
  ],
  race_closed: ["not_started", "deadline_passed", "not_ended", "run_over"],
  invalid_weights: ["unscorable_checkpoint", "unscorable", "invalid_file", "architecture_mismatch", "rules_violation", "data_mismatch", "over_budget"],
  submission_limit: ["reached"],
  unsupported_media_type: ["weights"],
  internal: ["offline", "timed_out"],
  invalid_dataset: [
    "too_large",
    "not_text",
    "unclosed_quote",
    "too_many_rows",
    "empty",
    "no_numeric_column",
    "several_numeric_columns",
    "unknown_column",
    "same_columns",
    "blank_row",
    "empty_cell",
    "not_a_number",
    "decimal_comma",
    "not_finite",
    "out_of_range",
    "too_short",
    "empty_time",
    "time_label",
    "duplicate_time",
    "unsorted_time",
    "constant_series",
  ],
  dataset_limit: ["classroom", "private"],
  invalid_reset_link: ["expired", "used"],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>;

type Reasons = typeof ERROR_REASONS;
export type ReasonOf<C extends ErrorCode> = C extends keyof Reasons ? Reasons[C][number] : never;
export function isReasonOf<C extends ErrorCode>(code: C, reason: string): reason is ReasonOf<C> {
  const listed = (ERROR_REASONS as Partial<Record<ErrorCode, readonly string[]>>)[code];
  return listed !== undefined && listed.includes(reason);
}

/** `weak_password.too_short`: the key of a reason's message in the catalogues. */
export type ReasonKey = { [C in keyof Reasons]: `${C}.${Reasons[C][number]}` }[keyof Reasons];

/**
 * The race core's refusals (lib/race room checks and controls, and the service's own), sent as the reason of a
 * forbidden / bad_request / not_found; their messages are the catalogues' race.errors.
 */
export const RACE_REFUSALS = [
  "race_not_running",
  "room_full_students",
  "room_full_runs",
  "student_run_limit",
  "run_exists",
  "unknown_run",
  "not_your_run",
  "run_not_running",
  "epochs_out_of_order",
  "epoch_gap",
  "beyond_budget",
  "bad_loss",
  "bad_rollout",
  "wrong_status",
  "no_time_limit",
  "unknown_race",
  "entry_not_allowed",
  "students_only",
  "homework_fixed",
  "homework_closes_before_opens",
  "homework_closes_in_past",
  "homework_too_short",
  "homework_too_long",
  "homework_opens_too_late",
  "homework_time_missing",
] as const;
export type RaceRefusal = (typeof RACE_REFUSALS)[number];

/**
 * A validation issue as it crosses the wire: the zod issue's kind and limits, and for checks across fields the
 * `problem` (or catalogue `reason`) its schema names, so the app words it (lib/i18n/describe-issue).
 */
export interface WireIssue {
  code: string;
  path: (string | number)[];
  expected?: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  values?: string[];
  keys?: string[];
  params?: { problem?: string; reason?: string; values?: Record<string, string | number> };
}

/** One broken race rule in an `entry_not_allowed` refusal (lib/race/rules RuleViolation without its English). */
export interface ErrorProblem {
  field: string;
  problem: string;
  values: Record<string, string | number>;
}

export interface ErrorBody {
  code: ErrorCode;
  /**
   * A technical detail in English for developers and API users (the JSON parser's complaint, a schema's text);
   * absent for refusals the catalogues word. The app never shows it: it writes its own, in the reader's language.
   */
  message?: string;
  reason?: string;
  /** For `bad_request`: which field was wrong. */
  field?: string;
  /** The values the reason's message needs (`{ min: 12 }` for a password too short). */
  values?: Record<string, string | number>;
  /** For `bad_request` from a schema: the issue, so the app can say which limit the value broke. */
  issue?: WireIssue;
  /** For `entry_not_allowed`: each rule the configuration breaks. */
  problems?: ErrorProblem[];
}

/** The failure half of every result union (HTTP bodies and socket acks). */
export type Failure = { ok: false; error: ErrorBody };
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

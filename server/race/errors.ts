/** How the race core's refusals reach a client: an AppError with a stable code and the refusal as its reason. */
import type { RaceRefusal } from "@/lib/errors";
import { AppError, type AppErrorOptions } from "../errors";

const REFUSAL_CODE: Record<RaceRefusal, "bad_request" | "forbidden" | "not_found"> = {
  race_not_running: "forbidden",
  room_full_students: "forbidden",
  room_full_runs: "forbidden",
  student_run_limit: "forbidden",
  run_exists: "bad_request",
  unknown_run: "not_found",
  not_your_run: "forbidden",
  run_not_running: "forbidden",
  epochs_out_of_order: "bad_request",
  epoch_gap: "bad_request",
  beyond_budget: "bad_request",
  bad_loss: "bad_request",
  bad_rollout: "bad_request",
  wrong_status: "forbidden",
  no_time_limit: "bad_request",
  unknown_race: "not_found",
  entry_not_allowed: "bad_request",
  students_only: "forbidden",
  homework_fixed: "forbidden",
  homework_closes_before_opens: "bad_request",
  homework_closes_in_past: "bad_request",
  homework_too_short: "bad_request",
  homework_too_long: "bad_request",
  homework_opens_too_late: "bad_request",
  homework_time_missing: "bad_request",
};

/**
 * The room's and the controls' refusals (lib/race) are RaceRefusals: a new one must be listed to compile.
 * `field`: the request field a bad value came from (a homework's opening or closing time).
 */
export function raceError(reason: RaceRefusal, details: Pick<AppErrorOptions, "values" | "problems"> = {}, field?: string): AppError {
  return new AppError(REFUSAL_CODE[reason], { reason, ...details, ...(field ? { field } : {}) });
}

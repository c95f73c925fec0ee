/** How the race core's refusals reach a client: an AppError with a stable code and the refusal as its reason. */
import type { ControlRefusal } from "@/lib/race/status";
import type { RoomRefusal } from "@/lib/race/room";
import { race as raceStrings } from "@/lib/i18n/en/race";
import { format } from "@/lib/i18n/format";
import { AppError } from "../errors";

const REFUSAL_CODE: Record<RoomRefusal | ControlRefusal, "bad_request" | "forbidden" | "not_found"> = {
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
  homework_fixed: "forbidden",
};

export type RaceRefusal = keyof typeof raceStrings.errors;

/** `field`: the request field a bad value came from (a homework's opening or closing time). */
export function raceError(reason: RaceRefusal, values?: Record<string, string | number>, field?: string): AppError {
  const code = reason in REFUSAL_CODE ? REFUSAL_CODE[reason as RoomRefusal] : reason === "unknown_race" ? "not_found" : reason === "students_only" ? "forbidden" : "bad_request";
  return new AppError(code, { reason, values, field, message: format(raceStrings.errors[reason], values) });
}

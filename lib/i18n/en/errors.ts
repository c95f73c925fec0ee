/** Messages for every error code (lib/errors.ts) and, where one code has several causes, for each reason. */
import type { ErrorCode } from "../../errors";

export const errors: Record<ErrorCode, string> = {
  bad_request: "Some of the information sent is not valid.",
  malformed_json: "The request body is not valid JSON.",
  payload_too_large: "The request is too large.",
  unsupported_media_type: "Requests must be sent as JSON (Content-Type: application/json).",
  not_found: "Not found.",
  method_not_allowed: "This address does not accept that kind of request.",
  unauthenticated: "Please sign in first.",
  forbidden: "You do not have access to this classroom.",
  csrf_failed: "This form has expired. Reload the page and try again.",
  rate_limited: "Too many attempts. Please wait a few minutes and try again.",
  invalid_credentials: "That sign-in did not work. Check what you typed and try again.",
  email_taken: "An account with this e-mail address already exists. Sign in instead.",
  invalid_email: "Enter an e-mail address like name@school.org.",
  weak_password: "Choose a stronger password.",
  invalid_name: "Choose another name.",
  invalid_code: "Classroom codes have 6 letters and digits, like K7Q-4PX.",
  unknown_code: "No classroom has this code. Check it with your teacher.",
  expired_code: "This code has expired. Ask your teacher for the new one.",
  classroom_locked: "This classroom is not accepting new students right now. Ask your teacher to unlock it.",
  classroom_archived: "This classroom has been archived and no longer accepts students.",
  name_taken: "Someone in this classroom already uses that name. Choose another one.",
  teachers_cannot_join: "You are signed in as a teacher. Sign out to join a classroom as a student.",
  protocol_mismatch: "Loss Race has been updated. Reload the page to continue.",
  invalid_weights: "These weights cannot be scored.",
  race_closed: "This race is not accepting submissions.",
  submission_limit: "You have used all your submissions for this race.",
  scoring_busy: "The server has many models to score right now. Try again in a minute.",
  internal: "Something went wrong on our side. Please try again.",
};

/** Keyed `<code>.<reason>`; more specific than the code's own message. */
export const errorReasons = {
  "weak_password.too_short": "Your password is too short: use at least {min} characters.",
  "weak_password.too_long": "Your password is too long: use at most {max} characters.",
  "weak_password.too_common": "This password is one of the first that anyone would guess. Choose another.",
  "weak_password.contains_name": "Your password must not contain your name or e-mail address.",
  "weak_password.pin_too_simple": "This PIN is too easy to guess (like 1234 or 1111). Choose another.",
  "invalid_name.empty": "Enter a name.",
  "invalid_name.too_long": "That name is too long: use at most {max} characters.",
  "invalid_name.control_characters": "Names cannot contain invisible or control characters.",
  "payload_too_large.body": "The request is larger than {max} bytes.",
  "rate_limited.retry": "Too many attempts. Try again in {minutes} minute(s).",
  "forbidden.not_teacher": "Only the classroom's teacher can do that.",
  "forbidden.teachers_only": "Only teachers can create classrooms.",
  "forbidden.not_member": "You are not a member of this classroom.",
  "not_found.run": "No run of yours has this id.",
  "not_found.weights": "No weights were stored for this run.",
  "forbidden.run_not_yours": "Only the student who trained this run can change it.",
  "bad_request.compare_count": "Compare between {min} and {max} runs.",
  "bad_request.run_ended": "This run has already ended.",
  "forbidden.not_in_room": "This connection has not entered that classroom.",
  "forbidden.teacher_cannot_leave": "Teachers cannot leave their own classroom. Archive it instead.",
  "bad_request.nothing_to_change": "Nothing to change.",
  "bad_request.cannot_remove_teacher": "The teacher cannot be removed from their own classroom.",
  "forbidden.not_run_owner": "You can only submit weights for your own run in this race.",
  "forbidden.private_board_hidden": "The private leaderboard is shown once the teacher reveals it.",
  "race_closed.not_started": "The race has not started yet.",
  "race_closed.deadline_passed": "The race's deadline has passed: submissions are closed.",
  "race_closed.not_ended": "The private board can be revealed once the race has ended.",
  "submission_limit.reached": "You have used all {limit} submissions for this race.",
  "invalid_weights.unscorable":
    "These weights cannot be scored: the model's predictions on the validation part are not finite numbers (they overflow). This upload counts as a submission ({used} of {limit} used).",
  "bad_request.scoring_cost":
    "Checking one upload of the largest model these rules allow would take too long ({percent}% of the server's scoring budget). Lower the max hidden size to {hidden} or less, or allow fewer layers, a shorter window or a shorter hidden part.",
  "payload_too_large.weights": "The weight file is larger than {max} bytes, more than any model this race allows.",
  "unsupported_media_type.weights": "Weights must be sent as a binary weight file (Content-Type: application/octet-stream).",
  "invalid_weights.invalid_file": "This is not a weight file Loss Race can read.",
  "invalid_weights.architecture_mismatch": "These weights are for another model than the one this run trains.",
  "invalid_weights.rules_violation": "This model breaks the race's rules (cell, layers or hidden size).",
  "invalid_weights.data_mismatch": "These weights were trained on other data, window or validation split than the race's.",
  "invalid_weights.over_budget": "These weights were trained for more epochs than the race allows.",
  "internal.offline": "The server cannot be reached. Check your connection.",
  "internal.timed_out": "The server did not answer in time.",
} satisfies Record<`${ErrorCode}.${string}`, string>;

/** When neither the reason nor the code says more. */
export const errorFallbacks = {
  /** A `bad_request` that names the field it is about. */
  field: "Check “{field}”: this value is not accepted.",
  /** A code this version of the page does not know (a newer server). */
  unknown: "Something went wrong. Please try again.",
};

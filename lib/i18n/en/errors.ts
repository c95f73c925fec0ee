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
  internal: "Something went wrong on our side. Please try again.",
};

/** Keyed `<code>.<reason>`; more specific than the code's own message. */
export const errorReasons: Record<string, string> = {
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
  "forbidden.teacher_cannot_leave": "Teachers cannot leave their own classroom. Archive it instead.",
  "bad_request.nothing_to_change": "Nothing to change.",
  "bad_request.cannot_remove_teacher": "The teacher cannot be removed from their own classroom.",
};

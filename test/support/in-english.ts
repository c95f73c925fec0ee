/**
 * What an English reader of the app sees for a failure: the server sends codes and values only, so tests that
 * check a refusal's wording word it the way the page does (lib/i18n/describe-error).
 */
import type { ErrorBody } from "@/lib/errors";
import { messagesFor } from "@/lib/i18n";
import { describeError } from "@/lib/i18n/describe-error";
import { formatterFor } from "@/lib/i18n/format-values";

const en = messagesFor("en");
/** A failure as tests read it off the wire (some helpers type its code as any string). */
type WireFailure = { code: string } & Partial<Omit<ErrorBody, "code">>;
const fmt = formatterFor("en");

export function inEnglish(error: WireFailure | undefined): string {
  if (!error) throw new Error("expected a failure");
  return describeError(en, error as ErrorBody, fmt);
}

/** The page's wording and the developer's detail, for refusals whose specifics only the detail names. */
export function wordingAndDetail(error: WireFailure | undefined): string {
  return `${inEnglish(error)} | ${error?.message ?? ""}`;
}

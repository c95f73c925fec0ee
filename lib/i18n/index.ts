/**
 * Every UI string, by area. An area adds lib/i18n/en/<area>.ts and one line below; a translation adds
 * lib/i18n/<locale>/ with the same shape (the `Messages` type makes the compiler list what is missing).
 */
import { auth } from "./en/auth";
import { classroom } from "./en/classroom";
import { common } from "./en/common";
import { errorReasons, errors } from "./en/errors";
import { history } from "./en/history";
import { playground } from "./en/playground";
import { pytorch } from "./en/pytorch";
import { race } from "./en/race";
import { scoring } from "./en/scoring";

export const en = { common, auth, classroom, errors, errorReasons, playground, race, scoring, history, pytorch };

export type Messages = typeof en;
export type Locale = "en";

const catalogues: Record<Locale, Messages> = { en };

export function messagesFor(locale: Locale = "en"): Messages {
  return catalogues[locale];
}

export { format } from "./format";

/**
 * Every UI string, by area, in every language. An area adds lib/i18n/en/<area>.ts, its translation
 * lib/i18n/ja/<area>.ts, and one line in each catalogue below. The `Messages` type is English's shape with every
 * text widened to `string`, so a translation typed `Messages` makes the compiler list each key it lacks (or has
 * too many of).
 */
import { auth } from "./en/auth";
import { classroom } from "./en/classroom";
import { cli } from "./en/cli";
import { common } from "./en/common";
import { data } from "./en/data";
import { errorFallbacks, errorReasons, errors } from "./en/errors";
import { glossary } from "./en/glossary";
import { history } from "./en/history";
import { homework } from "./en/homework";
import { playground } from "./en/playground";
import { pytorch } from "./en/pytorch";
import { race } from "./en/race";
import { recovery } from "./en/recovery";
import { scoring } from "./en/scoring";
import { validation } from "./en/validation";
import { ja } from "./ja";
import type { Locale } from "./locales";

/** The shape of a catalogue: English's keys, any text. Tuples keep their length (the podium's three places). */
export type Catalogue<T> = T extends string
  ? string
  : T extends readonly string[]
    ? { readonly [I in keyof T]: string }
    : { readonly [K in keyof T]: Catalogue<T[K]> };

export const en = { common, auth, classroom, errors, errorReasons, errorFallbacks, validation, playground, race, scoring, history, pytorch, glossary, data, recovery, homework, cli };

export type Messages = Catalogue<typeof en>;

const catalogues: Record<Locale, Messages> = { en, ja };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

export { format, placeholders } from "./format";
export { DEFAULT_LOCALE, isLocale, LOCALES, LOCALE_NAMES, type Locale } from "./locales";

/**
 * The locale of the request being rendered on the server (layouts, metadata): the person's choice from the
 * cookie, else their browser's Accept-Language. Reading them makes pages render per request, which is what lets
 * the very first HTML (and `<html lang>`) come in the reader's language.
 */
import { cookies, headers } from "next/headers";
import { messagesFor, type Messages } from "@/lib/i18n";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/locales";

export async function requestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return resolveLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerList.get("accept-language") });
}

export async function requestMessages(): Promise<Messages> {
  return messagesFor(await requestLocale());
}

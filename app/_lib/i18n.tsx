"use client";
/**
 * The reader's language for every client component. The root layout renders the provider with the locale of
 * the request (cookie, else Accept-Language), so server rendering and the browser agree from the first paint;
 * components read messages and formatters with `useI18n()` at render time, never at module load.
 *
 * Switching writes the cookie (this browser), saves the choice on the account when someone is signed in, and
 * refreshes the server-rendered parts (`<html lang>`, the title). Signing in applies the account's saved choice,
 * so a student on a shared Chromebook gets their own language back; an account without one takes the language
 * its owner signed in with.
 */
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { messagesFor, type Messages } from "@/lib/i18n";
import { describeError, type Describable } from "@/lib/i18n/describe-error";
import { describeIssue, type IssueLike } from "@/lib/i18n/describe-issue";
import { formatterFor, type Formatter } from "@/lib/i18n/format-values";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, type Locale } from "@/lib/i18n/locales";
import { api } from "./api";
import { useSession } from "./session";

export interface I18n {
  locale: Locale;
  m: Messages;
  fmt: Formatter;
  setLocale(locale: Locale): void;
  /** A failure (server or page) in the reader's words. */
  describe(error: Describable): string;
  /** A refused form value (a zod issue of a shared schema) in the reader's words. */
  issue(issue: IssueLike): string;
  /** Set when the account could not store the choice (it still holds in this browser). */
  saveFailed: boolean;
}

const I18nContext = createContext<I18n | null>(null);

function build(locale: Locale, setLocale: (locale: Locale) => void, saveFailed: boolean): I18n {
  const m = messagesFor(locale);
  const fmt = formatterFor(locale);
  return {
    locale,
    m,
    fmt,
    setLocale,
    describe: (error) => describeError(m, error, fmt),
    issue: (issue) => describeIssue(m, issue, fmt),
    saveFailed,
  };
}

function rememberInBrowser(locale: Locale): void {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; samesite=lax`;
  document.documentElement.lang = locale;
}

export function I18nProvider({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState(initialLocale);
  const [saveFailed, setSaveFailed] = useState(false);
  const router = useRouter();
  const { user, setUser } = useSession();

  // Someone signed in (or the page loaded signed in): their account's language wins. Adjusted while rendering
  // (React's derived-state pattern), so the page never paints a frame in the other language first.
  const account = user ? `${user.id}:${user.locale ?? ""}` : "";
  const [seenAccount, setSeenAccount] = useState(account);
  if (account !== seenAccount) {
    setSeenAccount(account);
    if (user?.locale && user.locale !== locale) setLocaleState(user.locale);
  }

  // The browser and the server-rendered parts follow: the cookie, <html lang>, and (by a refresh, which keeps
  // every component's state) the page title. The first render already is in the server's locale.
  useEffect(() => {
    if (locale === initialLocale) return;
    rememberInBrowser(locale);
    router.refresh();
  }, [locale, initialLocale, router]);

  // An account without a saved language takes the one its owner is reading.
  const unsaved = user?.locale === null ? user : null;
  useEffect(() => {
    if (!unsaved) return;
    let live = true;
    void api.session.setLocale({ body: { locale } }).then((result) => {
      if (live && result.ok && result.data.user) setUser(result.data.user);
    });
    return () => {
      live = false;
    };
  }, [unsaved, locale, setUser]);

  const setLocale = useCallback(
    (next: Locale) => {
      if (next === locale) return;
      setLocaleState(next);
      if (!user) return;
      // The session's user changes in the same render, so the account's old language is not applied again.
      setUser({ ...user, locale: next });
      void api.session.setLocale({ body: { locale: next } }).then((result) => setSaveFailed(!result.ok));
    },
    [locale, user, setUser],
  );

  const value = useMemo(() => build(locale, setLocale, saveFailed), [locale, setLocale, saveFailed]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * A part of the page in a language of its own (the projector: the teacher shows the class one language while
 * reading their own page in another). `onLocaleChange` decides where that choice is kept.
 */
export function LocaleOverride({ locale, onLocaleChange, children }: { locale: Locale; onLocaleChange(locale: Locale): void; children: ReactNode }) {
  const value = useMemo(() => build(locale, onLocaleChange, false), [locale, onLocaleChange]);
  return (
    <I18nContext.Provider value={value}>
      <div lang={locale}>{children}</div>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

export function useMessages(): Messages {
  return useI18n().m;
}

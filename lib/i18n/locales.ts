/**
 * The languages the product speaks, and how one is chosen for a request: the person's explicit choice (the
 * cookie, which follows their account) first, then the best match of the browser's Accept-Language, then English.
 * No catalogue here, so the server can name locales without importing any user-facing text.
 */
export const LOCALES = ["en", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that remembers the choice in this browser (readable by the page, which switches without a reload). */
export const LOCALE_COOKIE = "lr_locale";
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** Each language's name in itself, for the switcher: a reader finds their own language whatever is shown. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", ja: "日本語" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The supported language the browser prefers most (RFC 9110 Accept-Language: ranges with q-values; `ja-JP`
 * matches `ja`; `q=0` means "not this one"; `*` matches the default). Malformed entries are skipped.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .slice(0, 1000)
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const weight = params.find((p) => /^\s*q\s*=/i.test(p));
      const q = weight === undefined ? 1 : /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(weight) ? Number(weight.split("=")[1]) : Number.NaN;
      return { range: range.trim().toLowerCase(), q, index };
    })
    // q=0 means "not this one"; a malformed weight makes the whole entry unreadable.
    .filter((entry) => entry.range !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranked) {
    if (range === "*") return DEFAULT_LOCALE;
    const primary = range.split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

/** The locale of a request: an explicit, valid choice wins over the browser's preferences. */
export function resolveLocale({ cookie, acceptLanguage }: { cookie?: string | null; acceptLanguage?: string | null }): Locale {
  return isLocale(cookie) ? cookie : negotiateLocale(acceptLanguage);
}

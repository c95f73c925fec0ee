"use client";
/**
 * 日本語 / English: two toggle buttons, each language named in itself, in a group labelled in both languages, so a
 * reader finds it whatever the page shows. It changes the language of the nearest provider: the whole app in the
 * header, only the projector's view on the projector.
 */
import { format } from "@/lib/i18n";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { useI18n } from "../_lib/i18n";

/** `tone`: on the dark header, or on a light page (the projector). */
export function LanguageSwitcher({ className = "", large = false, tone = "dark" }: { className?: string; large?: boolean; tone?: "dark" | "light" }) {
  const { locale, m, setLocale, saveFailed } = useI18n();
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <div role="group" aria-label={m.common.language.label} data-testid="language-switcher" className="flex items-center rounded-md border border-current">
        {LOCALES.map((option, index) => (
          <button
            key={option}
            type="button"
            lang={option}
            aria-pressed={option === locale}
            title={format(m.common.language.switchTo, { language: LOCALE_NAMES[option] })}
            onClick={() => setLocale(option)}
            className={`${index > 0 ? "border-l border-current" : ""} ${large ? "px-4 py-2 text-xl" : "px-2.5 py-1 text-sm"} font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-current ${tone === "dark" ? "aria-pressed:bg-white aria-pressed:text-slate-900" : "bg-white aria-pressed:bg-slate-900 aria-pressed:text-white"}`}
          >
            {LOCALE_NAMES[option]}
          </button>
        ))}
      </div>
      {saveFailed && (
        <span role="status" className="text-xs">
          {m.common.language.saveFailed}
        </span>
      )}
    </div>
  );
}

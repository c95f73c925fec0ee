"use client";
/**
 * The glossary: every term in English and Japanese, what it means (in the reader's language), and where it
 * appears in the lesson, quoted in the lesson's own words, so a student can read the tutorial and the product
 * side by side. Open to everyone, signed in or not.
 */
import { format, messagesFor } from "@/lib/i18n";
import { LESSON_QUOTES, type GlossaryTerm } from "@/lib/i18n/glossary-lesson";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { useI18n } from "../_lib/i18n";

const TERMS = Object.keys(LESSON_QUOTES) as GlossaryTerm[];

export default function GlossaryPage() {
  const { locale, m } = useI18n();
  const t = m.glossary;
  // The reader's language first, then the other.
  const order: Locale[] = [locale, ...LOCALES.filter((l) => l !== locale)];
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{t.title}</h1>
        <p className="max-w-3xl text-slate-700">{t.intro}</p>
        <p className="max-w-3xl text-sm text-slate-700" lang="ja">
          {t.lessonTitle}
        </p>
      </header>
      <ol className="grid gap-4 md:grid-cols-2" data-testid="glossary">
        {TERMS.map((term) => {
          const quote = LESSON_QUOTES[term];
          return (
            <li key={term} id={term} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-term={term}>
              <h2 className="text-lg font-bold text-slate-900">
                {order.map((l, i) => (
                  <span key={l}>
                    {i > 0 && <span className="px-2 font-normal text-slate-500" aria-hidden="true">/</span>}
                    <span lang={l} title={LOCALE_NAMES[l]} className={i > 0 ? "font-semibold text-slate-700" : undefined}>
                      {messagesFor(l).glossary.terms[term].term}
                    </span>
                  </span>
                ))}
              </h2>
              <p className="mt-1 text-slate-800">
                <span className="sr-only">{t.columns.meaning}: </span>
                {t.terms[term].explanation}
              </p>
              <div className="mt-3 text-sm">
                <p className="font-medium text-slate-700">
                  {t.columns.lesson}
                  {quote && <span className="font-normal">{" · "}{format(t.section, { heading: quote.heading })}</span>}
                </p>
                {quote ? (
                  quote.code ? (
                    <pre lang="ja" tabIndex={0} className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre text-slate-900">
                      {quote.quote}
                    </pre>
                  ) : (
                    <blockquote lang="ja" className="mt-1 border-l-4 border-indigo-300 pl-3 text-slate-900">
                      {quote.quote}
                    </blockquote>
                  )
                ) : (
                  <p className="mt-1 text-slate-600">{t.notInLesson}</p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

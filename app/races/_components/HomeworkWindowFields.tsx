"use client";
/**
 * The setup form's homework part: when it opens and closes, typed in the teacher's own time zone (named beside
 * the fields), stored as UTC instants.
 */
import { useState } from "react";
import { format } from "@/lib/i18n";
import { HOMEWORK_LIMITS } from "@/lib/race/homework";
import { readerTimeZone, timeZoneLabel } from "@/lib/i18n/format-values";
import { useI18n } from "../../_lib/i18n";
import { instantOf } from "./homework-time";

const inputClass = "mt-1 block w-full rounded border-2 border-slate-500 px-2 py-1";
const HOUR_MS = 3_600_000;

export interface HomeworkFields {
  opens: string;
  closes: string;
}

export function HomeworkWindowFields({ value, onChange }: { value: HomeworkFields; onChange(value: HomeworkFields): void }) {
  const { m } = useI18n();
  const t = m.homework;
  const [shownAt] = useState(() => Date.now());
  // The offset at the opening (summer time may differ from today's).
  const opensAt = instantOf(value.opens);
  const zone = timeZoneLabel(readerTimeZone(), Number.isFinite(opensAt) ? opensAt : shownAt);
  return (
    <fieldset className="space-y-2 sm:col-span-2" data-testid="homework-window">
      <legend className="font-medium">{t.badge}</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block font-medium">
          {t.opensAt}
          <input name="homework-opens" type="datetime-local" className={inputClass} value={value.opens} onChange={(e) => onChange({ ...value, opens: e.target.value })} aria-describedby="homework-zone" />
        </label>
        <label className="block font-medium">
          {t.closesAt}
          <input name="homework-closes" type="datetime-local" className={inputClass} value={value.closes} onChange={(e) => onChange({ ...value, closes: e.target.value })} aria-describedby="homework-zone" />
        </label>
      </div>
      <p id="homework-zone" className="text-sm text-slate-800" data-testid="homework-zone">
        {format(t.zoneNote, { zone })} {format(t.limits, { hours: HOMEWORK_LIMITS.minOpenMs / HOUR_MS, weeks: HOMEWORK_LIMITS.maxOpenMs / (7 * 24 * HOUR_MS) })}
      </p>
    </fieldset>
  );
}

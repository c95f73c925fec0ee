"use client";
/**
 * A race's rules as the teacher set them, read straight from the race (never from defaults): the time limit, the
 * epochs per run, the allowed cells and sizes, the data, how the final ranking is decided, the submissions, the
 * runs per student and how often the live ranking is verified. Shown in the lobby to students and teachers and on
 * the projector before the start, so nobody trains to rules they have not seen.
 */
import { exampleNameOf } from "@/lib/data/examples/names";
import type { RaceRules as Rules } from "@/lib/race/rules";
import { format } from "@/lib/i18n";
import { useI18n } from "../../_lib/i18n";

export function RaceRules({ rules, large = false }: { rules: Rules; large?: boolean }) {
  const { m, fmt } = useI18n();
  const t = m.race.rules;
  const limit = rules.budget.timeLimitSec;
  const { dataset } = rules;
  const example = dataset.source === "upload" ? exampleNameOf(dataset.datasetId) : null;
  const series =
    dataset.source === "upload"
      ? example
        ? m.data.examples[example].name
        : m.data.race.uploaded
      : ((m.playground.form.presets as Record<string, string>)[dataset.preset] ?? dataset.preset);
  const items: [string, string, string][] = [
    ["time-limit", t.timeLimit, limit === null ? t.noTimeLimit : fmt.duration(limit * 1000)],
    ["max-epochs", t.maxEpochs, format(t.upTo, { count: fmt.integer(rules.budget.maxEpochs) })],
    ["cells", t.cells, rules.allowedCells.join(" · ")],
    ["size", t.size, format(t.sizeValue, { layers: fmt.integer(rules.maxLayers), hidden: fmt.integer(rules.maxHidden) })],
    [
      "data",
      t.data,
      format(t.dataValue, {
        series,
        length: fmt.integer(rules.dataset.length),
        window: fmt.integer(rules.window),
      }),
    ],
    ["metric", t.metric, t.metrics[rules.metric]],
    ["submissions", t.submissions, format(t.submissionsValue, { limit: fmt.integer(rules.submissions.limit), counts: t.counts[rules.submissions.counts] })],
    ["runs", t.runs, format(t.upTo, { count: fmt.integer(rules.maxRunsPerStudent) })],
    ["checkpoints", t.checkpoints, format(t.checkpointsValue, { seconds: fmt.integer(rules.checkpointEverySec) })],
  ];
  return (
    <section aria-labelledby="race-rules-title" data-testid="race-rules" className={`rounded-lg border-2 border-slate-300 bg-white p-4 ${large ? "text-2xl" : ""}`}>
      <h2 id="race-rules-title" className={`mb-2 font-bold ${large ? "text-4xl" : "text-xl"}`}>
        {t.title}
      </h2>
      <dl className={`grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2 ${large ? "xl:grid-cols-3 2xl:grid-cols-2" : ""}`}>
        {items.map(([key, label, value]) => (
          <div key={key} data-rule={key}>
            <dt className="font-semibold text-slate-800">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

"use client";
/**
 * The classroom page's races: the list (everyone; a homework with its window and time left), for teachers who has
 * submitted each homework, and the set-up form (a live race, or a homework with its window). Uses the page's
 * socket, so race status changes arrive with the roster's broadcasts.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { SERIES_PRESETS } from "@/lib/data/series";
import { DEFAULT_RACE_RULES, RACE_CELLS, RACE_METRICS, RaceRulesSchema, type PresetRaceRules, type RaceRules } from "@/lib/race/rules";
import type { RaceView } from "@/lib/realtime/race";
import { Button, Card, FormError } from "../../_components/form";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import type { IssueLike } from "@/lib/i18n/describe-issue";
import { useI18n } from "../../_lib/i18n";
import { request, type RealtimeSocket } from "../../_lib/realtime";
import { LibraryDataPicker, type LibraryChoice } from "./LibraryDataPicker";
import { checkWindow, localValueOf } from "./homework-time";
import { HomeworkProgress } from "./HomeworkProgress";
import { HomeworkTimes } from "./HomeworkTimes";
import { HomeworkWindowFields, type HomeworkFields } from "./HomeworkWindowFields";

const inputClass = "mt-1 block w-full rounded border-2 border-slate-500 px-2 py-1";

export function RacesPanel({ socket, classroomId, isTeacher }: { socket: RealtimeSocket | null; classroomId: string; isTeacher: boolean }) {
  const { m } = useI18n();
  const t = m.race;
  const [races, setRaces] = useState<RaceView[] | null>(null);
  // The server's clock minus this page's, from the last list: a homework's time left is the server's.
  const [offset, setOffset] = useState(0);
  const serverNow = () => Date.now() + offset;

  useEffect(() => {
    if (!socket) return;
    const load = async () => {
      const result = await request(socket, "race:list", { classroomId });
      if (result.ok) {
        setRaces(result.data.races);
        setOffset(result.data.now - Date.now());
      }
    };
    const onUpdated = ({ race }: { race: RaceView }) => {
      if (race.classroomId !== classroomId) return;
      setRaces((list) => (list ? [race, ...list.filter((r) => r.id !== race.id)].sort((a, b) => b.createdAt - a.createdAt) : list));
    };
    socket.on("connect", load);
    socket.on("race:updated", onUpdated);
    if (socket.connected) void load();
    return () => {
      socket.off("connect", load);
      socket.off("race:updated", onUpdated);
    };
  }, [socket, classroomId]);

  return (
    <Card className="space-y-4 lg:col-span-3">
      <h2 className="text-2xl font-bold">{t.panel.title}</h2>
      {races && races.length === 0 && <p>{isTeacher ? t.panel.none : t.panel.noneStudent}</p>}
      {races && races.length > 0 && (
        <ul className="divide-y divide-slate-200" data-testid="race-list">
          {races.map((race) => (
            <li key={race.id} className="flex flex-wrap items-center gap-3 py-2">
              <Link href={`/classrooms/${classroomId}/races/${race.id}`} className="text-lg font-semibold text-indigo-800 underline" aria-label={format(t.panel.open, { name: race.name })}>
                {race.name}
              </Link>
              {race.kind === "homework" && <span className="rounded bg-indigo-100 px-2 py-0.5 text-sm font-semibold text-indigo-900">{m.homework.badge}</span>}
              <span className="rounded bg-slate-100 px-2 py-0.5 text-sm">{race.kind === "homework" ? m.homework.status[race.status] : t.panel.status[race.status]}</span>
              {race.kind === "homework" && <HomeworkTimes race={race} serverNow={serverNow} className="basis-full text-sm text-slate-800" />}
            </li>
          ))}
        </ul>
      )}
      {isTeacher && races?.filter((race) => race.kind === "homework").map((race) => <HomeworkProgress key={race.id} race={race} />)}
      {isTeacher && socket && <RaceSetupForm socket={socket} classroomId={classroomId} count={races?.length ?? 0} />}
    </Card>
  );
}

/** What stops a race from being created: the form's own check, or the server's refusal. */
type SetupProblem = { issues: readonly IssueLike[] } | { error: ErrorBody };

function RaceSetupForm({ socket, classroomId, count }: { socket: RealtimeSocket; classroomId: string; count: number }) {
  const { m, describe, issue } = useI18n();
  const s = m.race.setup;
  const router = useRouter();
  const [name, setName] = useState("");
  const [rules, setRules] = useState<PresetRaceRules>({ ...DEFAULT_RACE_RULES, budget: { maxEpochs: 200, timeLimitSec: 5 * 60 } });
  const [problem, setProblem] = useState<SetupProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [source, setSource] = useState<"preset" | "library">("preset");
  const [library, setLibrary] = useState<LibraryChoice | null>(null);
  const [kind, setKind] = useState<RaceView["kind"]>("live");
  // A homework defaults to: open now, close in a week (both in the teacher's zone, editable).
  const [homeworkWindow, setHomeworkWindow] = useState<HomeworkFields>(() => ({ opens: localValueOf(Date.now()), closes: localValueOf(Date.now() + 7 * 24 * 3_600_000) }));
  const num = (v: string) => (v === "" ? Number.NaN : Number(v));

  async function submit(event: FormEvent) {
    event.preventDefault();
    // A library dataset replaces the generated series; everything else is the same form.
    const data: RaceRules = source === "library" && library ? { ...rules, dataset: library.dataset, hiddenLength: library.hiddenLength } : rules;
    // A homework's window is its time: it has no time limit of its own.
    const chosen: RaceRules = kind === "homework" ? { ...data, budget: { ...data.budget, timeLimitSec: null } } : data;
    const parsed = RaceRulesSchema.safeParse(chosen);
    if (!parsed.success) {
      setProblem({ issues: parsed.error.issues });
      return;
    }
    const homework = kind === "homework" ? checkWindow(homeworkWindow.opens, homeworkWindow.closes, Date.now()) : null;
    if (homework && !homework.ok) {
      setProblem({ error: { code: "bad_request", message: homework.reason, reason: homework.reason, values: homework.values } });
      return;
    }
    setProblem(null);
    setBusy(true);
    const result = await request(socket, "race:create", {
      classroomId,
      name: name.trim() || format(s.defaultName, { n: count + 1 }),
      rules: parsed.data,
      homework: homework?.ok ? homework.window : null,
    });
    setBusy(false);
    if (!result.ok) setProblem({ error: result.error });
    else router.push(`/classrooms/${classroomId}/races/${result.data.race.id}`);
  }

  const field = (label: string, input: React.ReactNode) => (
    <label className="block font-medium">
      {label}
      {input}
    </label>
  );
  return (
    <form onSubmit={submit} className="space-y-4 border-t border-slate-200 pt-4" aria-label={s.title} noValidate>
      <h3 className="text-xl font-bold">{s.title}</h3>
      <FormError message={!problem ? null : "issues" in problem ? format(s.invalid, { problems: problem.issues.map(issue).join(" ") }) : describe(problem.error)} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {field(s.name, <input name="race-name" className={inputClass} value={name} maxLength={80} placeholder={format(s.defaultName, { n: count + 1 })} onChange={(e) => setName(e.target.value)} />)}
        {field(
          m.homework.kind,
          <select name="race-kind" className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as RaceView["kind"])}>
            <option value="live">{m.homework.kinds.live}</option>
            <option value="homework">{m.homework.kinds.homework}</option>
          </select>,
        )}
        {kind === "homework" && <HomeworkWindowFields value={homeworkWindow} onChange={setHomeworkWindow} />}
        {field(
          m.data.race.source,
          <select name="data-source" className={inputClass} value={source} onChange={(e) => setSource(e.target.value as "preset" | "library")}>
            <option value="preset">{m.data.race.preset}</option>
            <option value="library">{m.data.race.library}</option>
          </select>,
        )}
        {source === "preset" && (
          <>
            {field(
              s.dataset,
              <select name="preset" className={inputClass} value={rules.dataset.preset} onChange={(e) => setRules({ ...rules, dataset: { ...rules.dataset, preset: e.target.value as PresetRaceRules["dataset"]["preset"] } })}>
                {SERIES_PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {m.playground.form.presets[p]}
                  </option>
                ))}
              </select>,
            )}
            {field(s.length, <input name="length" type="number" className={inputClass} value={rules.dataset.length} onChange={(e) => setRules({ ...rules, dataset: { ...rules.dataset, length: num(e.target.value) } })} />)}
            {field(s.noise, <input name="noise" type="number" step="any" className={inputClass} value={rules.dataset.noise} onChange={(e) => setRules({ ...rules, dataset: { ...rules.dataset, noise: num(e.target.value) } })} />)}
            {field(s.seed, <input name="seed" type="number" className={inputClass} value={rules.dataset.seed} onChange={(e) => setRules({ ...rules, dataset: { ...rules.dataset, seed: num(e.target.value) } })} />)}
          </>
        )}
        {source === "library" && <LibraryDataPicker classroomId={classroomId} onChange={setLibrary} />}
        {field(s.window, <input name="window" type="number" className={inputClass} value={rules.window} onChange={(e) => setRules({ ...rules, window: num(e.target.value) })} />)}
        {field(s.maxEpochs, <input name="max-epochs" type="number" className={inputClass} value={rules.budget.maxEpochs} onChange={(e) => setRules({ ...rules, budget: { ...rules.budget, maxEpochs: num(e.target.value) } })} />)}
        {kind === "live" && field(
          s.timeLimit,
          <input
            name="time-limit"
            type="number"
            className={inputClass}
            value={rules.budget.timeLimitSec === null ? "" : rules.budget.timeLimitSec / 60}
            onChange={(e) => setRules({ ...rules, budget: { ...rules.budget, timeLimitSec: e.target.value === "" ? null : Math.round(num(e.target.value) * 60) } })}
          />,
        )}
        {field(s.maxLayers, <input name="max-layers" type="number" className={inputClass} value={rules.maxLayers} onChange={(e) => setRules({ ...rules, maxLayers: num(e.target.value) })} />)}
        {field(s.maxHidden, <input name="max-hidden" type="number" className={inputClass} value={rules.maxHidden} onChange={(e) => setRules({ ...rules, maxHidden: num(e.target.value) })} />)}
        {field(
          s.metric,
          <select name="metric" className={inputClass} value={rules.metric} onChange={(e) => setRules({ ...rules, metric: e.target.value as RaceRules["metric"] })}>
            {RACE_METRICS.map((metric) => (
              <option key={metric} value={metric}>
                {s.metrics[metric]}
              </option>
            ))}
          </select>,
        )}
        {field(
          s.submissions,
          <input name="submissions" type="number" className={inputClass} value={rules.submissions.limit} onChange={(e) => setRules({ ...rules, submissions: { ...rules.submissions, limit: num(e.target.value) } })} />,
        )}
        {field(
          s.counts,
          <select name="counts" className={inputClass} value={rules.submissions.counts} onChange={(e) => setRules({ ...rules, submissions: { ...rules.submissions, counts: e.target.value as RaceRules["submissions"]["counts"] } })}>
            {(["best", "last"] as const).map((counts) => (
              <option key={counts} value={counts}>
                {s.countsOptions[counts]}
              </option>
            ))}
          </select>,
        )}
        {field(s.runsPerStudent, <input name="runs-per-student" type="number" className={inputClass} value={rules.maxRunsPerStudent} onChange={(e) => setRules({ ...rules, maxRunsPerStudent: num(e.target.value) })} />)}
        {field(s.checkpointEverySec, <input name="checkpoint-every" type="number" className={inputClass} value={rules.checkpointEverySec} onChange={(e) => setRules({ ...rules, checkpointEverySec: num(e.target.value) })} />)}
        <fieldset>
          <legend className="font-medium">{s.cells}</legend>
          <div className="mt-1 flex gap-4">
            {RACE_CELLS.map((cell) => (
              <label key={cell} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  name={`cell-${cell}`}
                  checked={rules.allowedCells.includes(cell)}
                  onChange={(e) => setRules({ ...rules, allowedCells: e.target.checked ? [...rules.allowedCells, cell] : rules.allowedCells.filter((c) => c !== cell) })}
                />
                {cell}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <Button type="submit" disabled={busy}>
        {s.create}
      </Button>
    </form>
  );
}

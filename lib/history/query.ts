/**
 * The history list's query model: filters, sort and paging, parsed from URL search parameters with zod, so the
 * page's address, the API and the repository all speak the same language and a bad parameter gets a clear error.
 */
import { z } from "zod";

export const HISTORY_SORT_KEYS = [
  "startedAt",
  "finalTrainLoss",
  "finalValLoss",
  "verifiedScore",
  "msPerEpoch",
  "cell",
  "layers",
  "hidden",
  "optimizer",
  "learningRate",
  "batchSize",
  "epochs",
] as const;
export type HistorySortKey = (typeof HISTORY_SORT_KEYS)[number];

export const HISTORY_PAGE_SIZE = { default: 25, max: 100 } as const;
/** Deep offsets cost a scan each; nobody pages this far by hand, and the bench's 10,000 runs fit well within it. */
export const HISTORY_MAX_PAGE = 2_000;
export const HISTORY_SEARCH_MAX_LENGTH = 100;
export const TAG_MAX_LENGTH = 32;
export const TAGS_PER_RUN_MAX = 10;
export const NOTE_MAX_LENGTH = 2_000;

const id = z.string().trim().min(1).max(100);
/** A calendar day, YYYY-MM-DD (interpreted in UTC: the server and every school see the same range). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "is not a real date");
const score = z.coerce.number({ error: "must be a number" }).finite("must be a finite number").nonnegative("must not be negative");

export const TagSchema = z
  .string()
  .trim()
  .min(1, "a tag cannot be empty")
  .max(TAG_MAX_LENGTH, `a tag has at most ${TAG_MAX_LENGTH} characters`)
  .regex(/^[\p{L}\p{N}_\-.]+$/u, "a tag uses letters, digits, - _ and . only")
  .transform((tag) => tag.toLowerCase());

export const HistoryQuerySchema = z
  .strictObject({
    classroomId: id.optional(),
    raceId: id.optional(),
    kind: z.enum(["playground", "race", "imported"], { error: "kind must be playground, race or imported" }).optional(),
    cell: z.enum(["RNN", "LSTM", "GRU"], { error: "cell must be RNN, LSTM or GRU" }).optional(),
    from: day.optional(),
    to: day.optional(),
    minScore: score.optional(),
    maxScore: score.optional(),
    q: z.string().trim().max(HISTORY_SEARCH_MAX_LENGTH, `search has at most ${HISTORY_SEARCH_MAX_LENGTH} characters`).optional(),
    tag: TagSchema.optional(),
    sort: z.enum(HISTORY_SORT_KEYS, { error: `sort must be one of ${HISTORY_SORT_KEYS.join(", ")}` }).default("startedAt"),
    dir: z.enum(["asc", "desc"], { error: "dir must be asc or desc" }).default("desc"),
    page: z.coerce.number().int("page must be a whole number").min(1, "page starts at 1").max(HISTORY_MAX_PAGE, `page is at most ${HISTORY_MAX_PAGE}`).default(1),
    pageSize: z.coerce
      .number()
      .int("pageSize must be a whole number")
      .min(1, "pageSize is at least 1")
      .max(HISTORY_PAGE_SIZE.max, `pageSize is at most ${HISTORY_PAGE_SIZE.max}`)
      .default(HISTORY_PAGE_SIZE.default),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "the end date is before the start date", params: { problem: "dates_reversed" } })
  .refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
    path: ["maxScore"],
    message: "the highest score is below the lowest",
    params: { problem: "scores_reversed" },
  });
export type HistoryQuery = z.output<typeof HistoryQuerySchema>;

/** A refusal names the field, says why in English (the API's answer) and keeps the zod issue (the page words it). */
export type QueryResult = { ok: true; query: HistoryQuery } | { ok: false; field: string; message: string; issue: z.core.$ZodIssue };

/** Parses search parameters; empty values mean "not set", so a form can submit every field. */
export function parseHistoryQuery(params: URLSearchParams | Record<string, string | undefined>): QueryResult {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const raw: Record<string, string> = {};
  for (const [key, value] of entries) if (value !== undefined && value.trim() !== "") raw[key] = value;
  const parsed = HistoryQuerySchema.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  const message = issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
  return { ok: false, field, message: field ? `${field}: ${message}` : message, issue };
}

const DEFAULTS: Partial<Record<keyof HistoryQuery, string | number>> = {
  sort: "startedAt",
  dir: "desc",
  page: 1,
  pageSize: HISTORY_PAGE_SIZE.default,
};

/** The query as search parameters, defaults left out, so addresses stay short and shareable. */
export function historySearchParams(query: Partial<HistoryQuery>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (DEFAULTS[key as keyof HistoryQuery] === value) continue;
    out.set(key, String(value));
  }
  return out;
}

/** The [start, end) instants of the query's inclusive day range. */
export function dateBounds(query: Pick<HistoryQuery, "from" | "to">): { gte?: Date; lt?: Date } {
  const bounds: { gte?: Date; lt?: Date } = {};
  if (query.from) bounds.gte = new Date(`${query.from}T00:00:00.000Z`);
  if (query.to) bounds.lt = new Date(new Date(`${query.to}T00:00:00.000Z`).getTime() + 86_400_000);
  return bounds;
}

/** Offset paging: which rows a page is, and how many pages a total makes. */
export function pageWindow(query: Pick<HistoryQuery, "page" | "pageSize">): { skip: number; take: number } {
  return { skip: (query.page - 1) * query.pageSize, take: query.pageSize };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

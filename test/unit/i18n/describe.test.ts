/**
 * Failures in the reader's words: from an error body's code, reason, field and values (never the server's
 * English message), from a zod issue of the shared schemas, and from a race rule a model breaks.
 */
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorBody, type ErrorProblem } from "@/lib/errors";
import { format, messagesFor, placeholders } from "@/lib/i18n";
import { describeError } from "@/lib/i18n/describe-error";
import { describeIssue } from "@/lib/i18n/describe-issue";
import { describeViolations } from "@/lib/i18n/describe-rules";
import { formatterFor } from "@/lib/i18n/format-values";
import { LOCALES } from "@/lib/i18n/locales";
import { checkTrainingConfig, DEFAULT_TRAINING_CONFIG } from "@/lib/ml/config";
import { parseHistoryQuery } from "@/lib/history/query";
import { configViolations, DEFAULT_RACE_RULES, RaceRulesSchema } from "@/lib/race/rules";

const en = messagesFor("en");
const ja = messagesFor("ja");
const fmtEn = formatterFor("en");
const fmtJa = formatterFor("ja");
const SERVER_ENGLISH = "The server's own English sentence";
/** An error body as a server (or the page's own API client) sends it, English message included. */
const body = (error: Omit<ErrorBody, "message">, message = SERVER_ENGLISH): ErrorBody => ({ ...error, message });

describe("describeError", () => {
  it.each(LOCALES)("words every error code in %s, never with the server's English or an empty placeholder", (locale) => {
    const m = messagesFor(locale);
    for (const code of ERROR_CODES) {
      const text = describeError(m, { code, message: SERVER_ENGLISH } as ErrorBody, formatterFor(locale));
      expect(text, code).toBe(m.errors[code]);
      expect(placeholders(text), code).toEqual([]);
    }
  });

  it("prefers the reason's message and fills its values the reader's way", () => {
    const error: ErrorBody = { code: "weak_password", reason: "too_short", field: "password", values: { min: 12, max: 1024 }, message: SERVER_ENGLISH };
    expect(describeError(en, error, fmtEn)).toBe("Your password is too short: use at least 12 characters.");
    expect(describeError(ja, error, fmtJa)).toBe("パスワードが短すぎます。12 文字以上にしてください。");
    expect(describeError(en, body({ code: "payload_too_large", reason: "body", values: { max: 16384 } }), fmtEn)).toBe("The request is larger than 16,384 bytes.");
  });

  it("finds a race's reasons under any code", () => {
    expect(describeError(ja, body({ code: "forbidden", reason: "student_run_limit", values: { max: 20 } }), fmtJa)).toBe(ja.race.errors.student_run_limit.replace("{max}", "20"));
    expect(describeError(en, body({ code: "forbidden", reason: "students_only" }), fmtEn)).toBe(en.race.errors.students_only);
  });

  it("falls back to the code's message when the reason's values are missing, never showing a placeholder", () => {
    expect(describeError(ja, body({ code: "submission_limit", reason: "reached" }), fmtJa)).toBe(ja.errors.submission_limit);
    // An entry refusal without its list of problems (an older server) says only the code's message.
    expect(describeError(en, body({ code: "bad_request", reason: "entry_not_allowed" }), fmtEn)).toBe(en.errors.bad_request);
    expect(describeError(ja, body({ code: "forbidden", reason: "student_run_limit", values: { max: 20 } }), fmtJa)).toBe("このレースで始められる学習の回数（20 回）をすべて使いました。");
  });

  it("lists the race rules an entry breaks, from their problem codes and values", () => {
    const problems: ErrorProblem[] = [
      { field: "model.layers", problem: "too_many_layers", values: { max: 2 } },
      { field: "window", problem: "race_settings_changed", values: { field: "window" } },
    ];
    expect(describeError(en, body({ code: "bad_request", reason: "entry_not_allowed", problems }), fmtEn)).toBe(
      "This configuration is not allowed in this race: at most 2 layers; Window: set by the race.",
    );
    expect(describeError(ja, body({ code: "bad_request", reason: "entry_not_allowed", problems }), fmtJa)).toBe(
      format(ja.race.errors.entry_not_allowed, { problems: [format(ja.race.entryProblems.too_many_layers, { max: 2 }), format(ja.race.entryProblems.race_settings_changed, { field: ja.validation.fields.window })].join(ja.common.listSeparator) }),
    );
  });

  it("words a schema's refusal from the issue it sends (the limit, not just the field)", () => {
    const issue = { code: "too_big", path: ["model", "layers"], origin: "number", maximum: 3, inclusive: true };
    expect(describeError(en, body({ code: "bad_request", field: "model.layers", issue }), fmtEn)).toBe("Layers: at most 3.");
    expect(describeError(ja, body({ code: "bad_request", field: "model.layers", issue }), fmtJa)).toBe("層数: 3 以下にしてください。");
  });

  it("names the field of a bad request by its label", () => {
    expect(describeError(en, body({ code: "bad_request", field: "model.hidden" }), fmtEn)).toBe("Check “Hidden size”: this value is not accepted.");
    expect(describeError(ja, body({ code: "bad_request", field: "displayName" }), fmtJa)).toBe("「名前」を確認してください。この値は受け付けられません。");
    expect(describeError(en, body({ code: "bad_request", field: "mystery" }), fmtEn)).toBe("Check “mystery”: this value is not accepted.");
  });

  it("words the page's own failures (no network, no answer)", () => {
    expect(describeError(ja, body({ code: "internal", reason: "offline" }, "fetch failed"), fmtJa)).toBe(ja.errorReasons["internal.offline"]);
    expect(describeError(en, body({ code: "internal", reason: "timed_out" }, ""), fmtEn)).toBe(en.errorReasons["internal.timed_out"]);
  });

  it("gives a generic message for a code this page does not know (a newer server)", () => {
    const future = { code: "quantum_flux", message: SERVER_ENGLISH } as unknown as ErrorBody;
    expect(describeError(ja, future, fmtJa)).toBe(ja.errorFallbacks.unknown);
    expect(describeError(en, { ...future, reason: "whatever" }, fmtEn)).toBe(en.errorFallbacks.unknown);
  });
});

describe("describeIssue", () => {
  const issues = (value: unknown) => {
    const checked = checkTrainingConfig(value);
    if (checked.ok) throw new Error("expected a refusal");
    return checked.issues;
  };

  it("words range, type and choice problems with the field's label", () => {
    const [layers] = issues({ ...DEFAULT_TRAINING_CONFIG, model: { ...DEFAULT_TRAINING_CONFIG.model, layers: 9 } });
    expect(describeIssue(en, layers!, fmtEn)).toBe("Layers: at most 3.");
    expect(describeIssue(ja, layers!, fmtJa)).toBe("層数: 3 以下にしてください。");
    const [epochs] = issues({ ...DEFAULT_TRAINING_CONFIG, epochs: 1.5 });
    expect(describeIssue(ja, epochs!, fmtJa)).toBe("エポック数: 整数を入力してください。");
    const [batch] = issues({ ...DEFAULT_TRAINING_CONFIG, batchSize: Number.NaN });
    expect(describeIssue(en, batch!, fmtEn)).toBe("Batch size: enter a number.");
    const [cell] = issues({ ...DEFAULT_TRAINING_CONFIG, model: { ...DEFAULT_TRAINING_CONFIG.model, cell: "CNN" } });
    expect(describeIssue(en, cell!, fmtEn)).toBe("Cell: choose one of RNN, LSTM, GRU.");
    const [epochsHigh] = issues({ ...DEFAULT_TRAINING_CONFIG, epochs: 50_000 });
    expect(describeIssue(en, epochsHigh!, fmtEn)).toBe("Epochs: at most 20,000.");
  });

  it("words checks across fields from the problem the schema names", () => {
    const [window] = issues({ ...DEFAULT_TRAINING_CONFIG, window: 200 });
    expect(describeIssue(ja, window!, fmtJa)).toBe("与えるデータ数（200）は、時系列の長さ（120 点）より小さくしてください。");
    const [rate] = issues({ ...DEFAULT_TRAINING_CONFIG, optimizer: { kind: "sgd", learningRate: 0 } });
    expect(describeIssue(en, rate!, fmtEn)).toBe("Learning rate: must be more than 0.");
    const rules = RaceRulesSchema.safeParse({ ...DEFAULT_RACE_RULES, allowedCells: ["RNN", "RNN"] });
    expect(describeIssue(ja, rules.error!.issues[0]!, fmtJa)).toBe(ja.validation.problems.cells_unique);
    const query = parseHistoryQuery({ from: "2026-05-02", to: "2026-05-01" });
    expect(!query.ok && describeIssue(en, query.issue, fmtEn)).toBe("The end date is before the start date.");
  });

  it("words unknown settings and anything unforeseen without English from the schema", () => {
    const [extra] = issues({ ...DEFAULT_TRAINING_CONFIG, turbo: true });
    expect(describeIssue(ja, extra!, fmtJa)).toBe("不明な設定項目です: turbo");
    expect(describeIssue(en, { code: "not_multiple_of", path: ["window"] }, fmtEn)).toBe("Window: this value is not valid.");
  });
});

describe("describeViolations", () => {
  it("lists every broken race rule in the reader's language", () => {
    const rules = { ...DEFAULT_RACE_RULES, allowedCells: ["LSTM" as const], maxHidden: 32, budget: { maxEpochs: 200, timeLimitSec: null } };
    const config = { ...DEFAULT_TRAINING_CONFIG, model: { ...DEFAULT_TRAINING_CONFIG.model, hidden: 64 }, window: 20, epochs: 1000 };
    const violations = configViolations(config, rules);
    expect(describeViolations(en, fmtEn, violations)).toBe(
      "This configuration is not allowed in this race: the RNN cell is not allowed (allowed: LSTM); at most 32 hidden units; at most 200 epochs; Window: set by the race; Validation share: set by the race.",
    );
    expect(describeViolations(ja, fmtJa, violations)).toBe(
      "この設定はこのレースでは使えません: RNN セルは使えません（使えるセル: LSTM）、中間層のニューロン数は 32 まで、エポック数は 200 まで、与えるデータ数: レースで決められています、検証データの割合: レースで決められています",
    );
  });
});

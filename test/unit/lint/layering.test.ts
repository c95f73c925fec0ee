/**
 * The layering lint rule, run by ESLint with the project's own configuration on planted files: lib/ importing
 * server/ or app/, and app/ importing server/, fail `npm run lint`, whatever the import's form or path; the
 * imports the architecture allows pass. Also: a page showing a failure's English message fails.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The errors of one rule ESLint reports for `code` as if it were the file at `file` (relative to the root). */
async function ruleErrors(rule: string, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}
const layeringErrors = (file: string, code: string) => ruleErrors("loss-race/layering", file, code);

describe("the layering rule", () => {
  it.each([
    ["lib/i18n/planted.ts", 'import { AppError } from "@/server/errors";\nexport const e = AppError;\n', "lib/ must not import server/"],
    ["lib/race/planted.ts", 'import { AppError } from "../../server/errors";\nexport const e = AppError;\n', "lib/ must not import server/"],
    ["lib/planted.ts", 'import type { AppContext } from "@/server/context";\nexport type C = AppContext;\n', "lib/ must not import server/"],
    ["lib/i18n/planted.ts", 'export * from "@/server/errors";\n', "lib/ must not import server/"],
    ["lib/i18n/planted.ts", 'export const load = () => import("@/server/errors");\n', "lib/ must not import server/"],
    ["lib/i18n/planted.ts", 'import { useI18n } from "@/app/_lib/i18n";\nexport const u = useI18n;\n', "lib/ must not import app/"],
    ["lib/ml/planted.ts", 'import { api } from "../../app/_lib/api";\nexport const a = api;\n', "lib/ must not import app/"],
    ["app/planted.tsx", 'import { AppError } from "@/server/errors";\nexport const e = AppError;\n', "app/ must not import server/"],
    ["app/history/planted.tsx", 'import { routes } from "../../server/http/routes/index";\nexport const r = routes;\n', "app/ must not import server/"],
  ])("refuses %s: %s", async (file, code, message) => {
    const errors = await layeringErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ["lib/i18n/planted.ts", 'import { z } from "zod";\nimport { ERROR_CODES } from "@/lib/errors";\nimport { format } from "./format";\nexport const x = [z, ERROR_CODES, format];\n'],
    ["app/planted.tsx", 'import { messagesFor } from "@/lib/i18n";\nimport { api } from "@/app/_lib/api";\nimport { useI18n } from "./_lib/i18n";\nexport const x = [messagesFor, api, useI18n];\n'],
    // A package whose name merely contains the word is not the server folder.
    ["lib/i18n/planted.ts", 'import http from "node:http";\nexport const h = http;\n'],
    // The server may use lib/ (it is what lib/ is for), and tests reach everything.
    ["server/planted.ts", 'import { messagesFor } from "@/lib/i18n";\nexport const m = messagesFor;\n'],
    ["test/unit/planted.ts", 'import { AppError } from "@/server/errors";\nimport { api } from "@/app/_lib/api";\nexport const x = [AppError, api];\n'],
  ])("allows %s", async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});

describe("pages and failures", () => {
  it("refuses showing a failure's English message in the app", async () => {
    const code = 'export const show = (result: { ok: false; error: { code: string; message: string } }) => result.error.message;\n';
    expect(await ruleErrors("no-restricted-syntax", "app/planted.tsx", code)).toEqual(["Show a failure with useI18n().describe(error), not its English message."]);
    expect(await ruleErrors("no-restricted-syntax", "app/planted.tsx", 'export const show = (error: { message: string }) => error.message;\n')).toHaveLength(1);
    // Elsewhere (the server's logs, tests) the English message is what is wanted.
    expect(await ruleErrors("no-restricted-syntax", "server/planted.ts", code)).toEqual([]);
  });
});

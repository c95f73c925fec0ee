/**
 * The glossary: every term has its words in both languages, and every quote is the lesson's own text under a
 * heading the lesson has. The lesson itself is not in the repository (it is someone else's article); where it is
 * at hand (LESSON_PATH, or the team's shared copy beside the checkout) the quotes are checked against it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { messagesFor } from "@/lib/i18n";
import { LESSON_QUOTES } from "@/lib/i18n/glossary-lesson";
import { LOCALES } from "@/lib/i18n/locales";

const LESSON_PATH = process.env.LESSON_PATH ?? path.resolve(process.cwd(), "..", "shared", "seed", "rnn-lstm-pytorch-tutorial.txt");
const lesson = existsSync(LESSON_PATH) ? readFileSync(LESSON_PATH, "utf8") : null;

describe("the glossary", () => {
  it("has every term in every language, and a lesson reference (or none) for each", () => {
    const terms = Object.keys(LESSON_QUOTES).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(messagesFor(locale).glossary.terms).sort(), locale).toEqual(terms);
    }
  });

  it("uses the lesson's own words for the terms the lesson has", () => {
    const ja = messagesFor("ja").glossary.terms;
    for (const [term, words] of [
      ["epoch", "エポック"],
      ["hiddenLayer", "中間層"],
      ["correctData", "正解データ"],
      ["inputData", "入力データ"],
      ["learningRate", "学習率"],
      ["activation", "活性化関数"],
    ] as const) {
      expect(ja[term].term).toContain(words);
      expect(LESSON_QUOTES[term]!.quote).toContain(words);
    }
  });

  it.skipIf(lesson === null)("quotes the lesson exactly, under headings it has", () => {
    const headings = new Set(lesson!.split("\n").map((line) => line.trim()));
    for (const [term, quote] of Object.entries(LESSON_QUOTES)) {
      if (!quote) continue;
      expect(headings.has(quote.heading), `${term}: heading ${quote.heading}`).toBe(true);
      for (const line of quote.quote.split("\n")) expect(lesson, `${term}: ${line}`).toContain(line);
    }
  });
});

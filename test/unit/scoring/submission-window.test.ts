import { describe, expect, it } from "vitest";
import { withOverrides } from "@/lib/ml/config";
import { initialParamValues } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import { maxWeightsBytes } from "@/lib/scoring/check";
import { SUBMISSION_GRACE_MS, submissionWindow, type RaceTiming } from "@/lib/scoring/submission-window";

const T = Date.parse("2026-03-01T10:00:00Z");
const race = (overrides: Partial<RaceTiming>): RaceTiming => ({ status: "running", endsAt: new Date(T), endedAt: null, revealedAt: null, ...overrides });

describe("submission window", () => {
  it("is closed before the race starts", () => {
    expect(submissionWindow(race({ status: "lobby", endsAt: null }), T - 1)).toEqual({ open: false, reason: "not_started" });
    expect(submissionWindow(race({ status: "countdown" }), T - 1)).toEqual({ open: false, reason: "not_started" });
  });

  it("is open while running or paused, up to the deadline plus the grace", () => {
    expect(submissionWindow(race({}), T - 60_000)).toEqual({ open: true });
    expect(submissionWindow(race({ status: "paused" }), T)).toEqual({ open: true });
    expect(submissionWindow(race({}), T + SUBMISSION_GRACE_MS)).toEqual({ open: true });
    expect(submissionWindow(race({}), T + SUBMISSION_GRACE_MS + 1)).toEqual({ open: false, reason: "deadline_passed" });
    expect(submissionWindow(race({ endsAt: null }), T + 3_600_000)).toEqual({ open: true });
  });

  it("after the end, takes only the uploads still on the wire, and nothing once the private board is out", () => {
    const ended = race({ status: "ended", endsAt: new Date(T + 600_000), endedAt: new Date(T) });
    expect(submissionWindow(ended, T + SUBMISSION_GRACE_MS)).toEqual({ open: true });
    expect(submissionWindow(ended, T + SUBMISSION_GRACE_MS + 1)).toEqual({ open: false, reason: "deadline_passed" });
    expect(submissionWindow({ ...ended, revealedAt: new Date(T + 1) }, T + 2)).toEqual({ open: false, reason: "deadline_passed" });
    expect(submissionWindow(race({ status: "ended", endsAt: null, endedAt: null }), T)).toEqual({ open: false, reason: "deadline_passed" });
  });
});

describe("upload size cap", () => {
  it("fits every legal file for the architecture and little more", () => {
    for (const cell of ["RNN", "LSTM", "GRU"] as const) {
      const config = withOverrides({ model: { cell, layers: 3, hidden: 256 } });
      const file = encodeWeights(config, initialParamValues(config.model, 0));
      expect(file.length).toBeLessThanOrEqual(maxWeightsBytes(config.model));
      expect(maxWeightsBytes(config.model) - file.length).toBeLessThan(20 * 1024);
    }
  });
});

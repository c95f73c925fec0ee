/** The race page's checkpoint pacing: at once after the first epoch, then a period after each one sent, one at a time. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckpointSender, type CheckpointState } from "@/app/races/_components/checkpoint-sender";
import type { Result } from "@/lib/errors";
import type { TCheckpointResult } from "@/lib/scoring/views";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function sender() {
  const asks: number[] = [];
  const uploads: { epoch: number; answer: (result: Result<TCheckpointResult>) => void }[] = [];
  const states: CheckpointState[] = [];
  const s = new CheckpointSender({
    periodMs: 10_000,
    requestWeights: () => asks.push(Date.now()),
    upload: (epoch) => new Promise((answer) => uploads.push({ epoch, answer })),
    onChange: (state) => states.push(state),
  });
  return { s, asks, uploads, states };
}

const checkpoint = (epoch: number): TCheckpointResult => ({ checkpointId: "c", runId: "r", epoch, publicScore: 0.1, verifiedAt: 0 });
const verified = (epoch: number): Result<TCheckpointResult> => ({ ok: true, data: checkpoint(epoch) });

describe("checkpoint sender", () => {
  it("asks at the first epoch, then a period after each upload, never with one still travelling", async () => {
    const { s, asks, uploads, states } = sender();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(asks).toHaveLength(0);
    s.epoch();
    s.epoch();
    expect(asks).toHaveLength(1);
    s.offer(3, new ArrayBuffer(4));
    expect(uploads.map((u) => u.epoch)).toEqual([3]);
    // Still travelling at the next period: no new ask, and an offer meanwhile is dropped.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asks).toHaveLength(1);
    s.offer(9, new ArrayBuffer(4));
    expect(uploads).toHaveLength(1);
    uploads[0]!.answer(verified(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual([{ phase: "verified", result: checkpoint(3) }]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asks).toHaveLength(2);
  });

  it("asks again a period later when the worker did not answer, shows real refusals only, and stops", async () => {
    const { s, asks, uploads, states } = sender();
    s.epoch();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asks).toHaveLength(2);
    s.offer(5, new ArrayBuffer(4));
    uploads[0]!.answer({ ok: false, error: { code: "rate_limited", reason: "checkpoint_too_soon", message: "" } });
    await vi.advanceTimersByTimeAsync(10_000);
    s.offer(6, new ArrayBuffer(4));
    uploads[1]!.answer({ ok: false, error: { code: "invalid_weights", reason: "unscorable_checkpoint", message: "" } });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual([{ phase: "refused", error: { code: "invalid_weights", reason: "unscorable_checkpoint", message: "" } }]);
    s.stop();
    const before = asks.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asks).toHaveLength(before);
  });
});

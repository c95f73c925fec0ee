/**
 * The device's remembered backend choice (lib/ml/backend-memory) in localStorage: read when Train is pressed,
 * written when a calibration (for a run, or in the background) finishes. Storage can be missing or full (private
 * windows); then every run measures, as it always did.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import { deviceKey, needsMeasuring, parseMemory, recall, remember, type RememberedChoice } from "@/lib/ml/backend-memory";

const KEY = "loss-race:backend-choice";

function device(): string {
  return deviceKey(navigator.userAgent);
}

function read() {
  try {
    return parseMemory(window.localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function recallBackend(config: TrainingConfig): RememberedChoice | null {
  return recall(read(), device(), config)?.choice ?? null;
}

export function backendNeedsMeasuring(config: TrainingConfig): boolean {
  return needsMeasuring(read(), device(), config, Date.now());
}

export function rememberBackend(config: TrainingConfig, choice: Omit<RememberedChoice, "measuredAt">): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(remember(read(), device(), config, { ...choice, measuredAt: Date.now() })));
  } catch {
    // Not stored: the next run measures again.
  }
}

/**
 * A run's loss curve, packed for storage: 16 bytes per epoch (little-endian float32 train loss, float32
 * validation loss with NaN for "none", float32 ms/epoch, uint32 ms since the run started), so a 1000-epoch run
 * costs 16 KB however many chunks it was written in. Float32 keeps every digit a chart or a table shows.
 */
import { z } from "zod";

export const BYTES_PER_EPOCH = 16;

export const CurvePointSchema = z.strictObject({
  epoch: z.number().int().positive(),
  trainLoss: z.number().finite().nonnegative(),
  valLoss: z.number().finite().nonnegative().nullable(),
  msPerEpoch: z.number().finite().nonnegative(),
  /** Milliseconds from the run's start to this epoch's end: what a race replay animates over. */
  tMs: z.number().int().nonnegative().max(0xffff_ffff),
});
export type CurvePoint = z.infer<typeof CurvePointSchema>;

export class CurveCodecError extends Error {
  override name = "CurveCodecError";
}

/** Packs consecutive epochs (`points[i].epoch === points[0].epoch + i`). */
export function encodeCurve(points: readonly CurvePoint[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(points.length * BYTES_PER_EPOCH);
  const view = new DataView(bytes.buffer);
  points.forEach((point, i) => {
    if (point.epoch !== points[0]!.epoch + i) {
      throw new CurveCodecError(`epochs must be consecutive: epoch ${point.epoch} at position ${i} after ${points[0]!.epoch}`);
    }
    const at = i * BYTES_PER_EPOCH;
    view.setFloat32(at, point.trainLoss, true);
    view.setFloat32(at + 4, point.valLoss ?? Number.NaN, true);
    view.setFloat32(at + 8, point.msPerEpoch, true);
    view.setUint32(at + 12, point.tMs, true);
  });
  return bytes;
}

export function decodeCurve(startEpoch: number, bytes: Uint8Array): CurvePoint[] {
  if (bytes.byteLength % BYTES_PER_EPOCH !== 0) {
    throw new CurveCodecError(`a curve chunk is a multiple of ${BYTES_PER_EPOCH} bytes, got ${bytes.byteLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: CurvePoint[] = [];
  for (let at = 0; at < bytes.byteLength; at += BYTES_PER_EPOCH) {
    const valLoss = view.getFloat32(at + 4, true);
    points.push({
      epoch: startEpoch + at / BYTES_PER_EPOCH,
      trainLoss: view.getFloat32(at, true),
      valLoss: Number.isNaN(valLoss) ? null : valLoss,
      msPerEpoch: view.getFloat32(at + 8, true),
      tMs: view.getUint32(at + 12, true),
    });
  }
  return points;
}

/**
 * The epochs that extend a curve stored through epoch `through`: the consecutive run starting at `through + 1`
 * (any order in, repeats and already-stored epochs ignored, the first copy of an epoch wins). Epochs past a gap
 * are not accepted: storing them would make the missing epoch unrecoverable, so the sender is told where the
 * gap is (`missingFrom`) and re-sends from there.
 */
export function extendCurve(points: readonly CurvePoint[], through: number): { accepted: CurvePoint[]; missingFrom: number | null } {
  const byEpoch = new Map<number, CurvePoint>();
  for (const point of points) {
    if (point.epoch > through && !byEpoch.has(point.epoch)) byEpoch.set(point.epoch, point);
  }
  const accepted: CurvePoint[] = [];
  for (let epoch = through + 1; byEpoch.has(epoch); epoch++) accepted.push(byEpoch.get(epoch)!);
  const missingFrom = byEpoch.size > accepted.length ? through + accepted.length + 1 : null;
  return { accepted, missingFrom };
}

/** Float32 predictions of a rollout picture, and back. */
export function encodeFloats(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const floats = Float32Array.from(values as ArrayLike<number>);
  return new Uint8Array(floats.buffer);
}

export function decodeFloats(bytes: Uint8Array): number[] {
  if (bytes.byteLength % 4 !== 0) throw new CurveCodecError(`float32 data is a multiple of 4 bytes, got ${bytes.byteLength}`);
  const copy = bytes.slice();
  return Array.from(new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4));
}

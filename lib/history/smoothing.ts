/**
 * Curve smoothing for comparisons: an exponential moving average with bias correction (TensorBoard's slider),
 * so the first points are not dragged towards zero. weight 0 = raw, close to 1 = very smooth.
 */
export const SMOOTHING_MAX = 0.99;

export function smooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight <= SMOOTHING_MAX)) throw new RangeError(`smoothing weight must be in [0, ${SMOOTHING_MAX}]`);
  if (weight === 0) return [...values];
  const out: number[] = [];
  let average = 0;
  let debias = 1;
  for (const value of values) {
    average = average * weight + (1 - weight) * value;
    debias *= weight;
    out.push(average / (1 - debias));
  }
  return out;
}

/**
 * Smoothing in log space for losses spanning decades: a straight average lets one early spike dominate the
 * tail on a log chart. Non-positive values cannot be logged and are passed through unsmoothed.
 */
export function smoothLoss(values: readonly number[], weight: number, logSpace: boolean): number[] {
  if (!logSpace || values.some((v) => !(v > 0))) return smooth(values, weight);
  return smooth(values.map(Math.log), weight).map(Math.exp);
}

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

/**
 * Every k-th point (first and last always kept) so a curve has at most `max` points: a comparison draws ten
 * curves on one chart a thousand pixels wide, and shipping every epoch of each would only cost time.
 */
export function thinCurve<T>(points: readonly T[], max: number): T[] {
  if (max < 2) throw new RangeError("a thinned curve keeps at least 2 points");
  if (points.length <= max) return [...points];
  const stride = Math.ceil((points.length - 1) / (max - 1));
  const out: T[] = [];
  for (let i = 0; i < points.length; i += stride) out.push(points[i]!);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]!);
  return out;
}

/**
 * Which tick labels an axis can show without them touching: a small chart (the podium's) or big type (the
 * projector's) has room for fewer labels than d3 proposes. Ticks keep their grid lines; only labels are dropped.
 */

/**
 * Greedy along the axis: keep a label when its centre is at least `minGap` px from the last one kept.
 * `positions` are the labels' centres in px, in axis order (either direction); NaN marks a tick without a label.
 */
export function spacedLabels(positions: readonly number[], minGap: number): boolean[] {
  let last: number | null = null;
  return positions.map((position) => {
    if (!Number.isFinite(position)) return false;
    if (last !== null && Math.abs(position - last) < minGap) return false;
    last = position;
    return true;
  });
}

/** About how wide a label of digits is (tabular figures are ~0.6 em), with a gap so neighbours do not touch. */
export function labelWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.62 + fontPx;
}

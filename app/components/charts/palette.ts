/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and readable on white and on a
 * projector. Series beyond eight reuse them; the highlighted series is drawn thicker and on top.
 */
export const SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"] as const;

export const TRUTH_COLOR = "#475569";
export const PREDICTION_COLOR = "#D55E00";

export const colorAt = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length] as string;

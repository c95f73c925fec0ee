"use client";
/**
 * The chosen scaling shown explicitly: its parameters, computed from exactly the values it will apply to, and how
 * a prediction maps back to the data's units.
 */
import { useI18n } from "@/app/_lib/i18n";
import { format } from "@/lib/i18n";
import { DegenerateScalingError, scalingParams, type Scaling, type ScalingParams } from "@/lib/data/scaling";

/** The parameters, or null when every value is the same (nothing to scale by). */
export function paramsOrNull(kind: Scaling, values: readonly number[]): ScalingParams | null {
  try {
    return scalingParams(kind, values);
  } catch (error) {
    if (error instanceof DegenerateScalingError) return null;
    throw error;
  }
}

export function ScalingNote({ kind, values, race = false }: { kind: Scaling; values: readonly number[]; race?: boolean }) {
  const { m, fmt } = useI18n();
  const t = m.data.upload;
  const params = paramsOrNull(kind, values);
  const text =
    params === null
      ? t.constant
      : params.kind === "standardise"
        ? format(t.explain.standardise, { mean: fmt.setting(params.mean), std: fmt.setting(params.std) })
        : params.kind === "min-max"
          ? format(t.explain["min-max"], { min: fmt.setting(params.min), range: fmt.setting(params.max - params.min) })
          : t.explain.none;
  return (
    <p className={`text-sm ${params === null ? "font-medium text-red-800" : "text-slate-800"}`} data-testid="scaling-note">
      {text}
      {race && params !== null && params.kind !== "none" ? ` ${t.raceNote}` : ""}
    </p>
  );
}

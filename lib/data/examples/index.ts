/**
 * The real series every classroom's data library starts with, shipped in the repository (no download at run
 * time), each under a public-domain licence recorded next to it (README.md here). They are read-only library
 * entries named "example:<name>", used exactly like an upload (a race holds back their last values).
 *
 * Only the server and the CLI import this module: pages receive an example's values through the same guarded
 * routes as an upload's, so a race's held-back tail is never bundled into the app's JavaScript
 * (test/unit/data/examples.test.ts checks the pages' import graph).
 */
import type { Scaling } from "../scaling";
import { EXAMPLE_NAMES, exampleId, exampleNameOf, type ExampleName } from "./names";
import { SEA_SURFACE_TEMPERATURE, SEA_SURFACE_TEMPERATURE_START } from "./sea-surface-temperature";
import { SUNSPOTS, SUNSPOTS_START_YEAR } from "./sunspots";

export interface ExampleDataset {
  id: string;
  example: ExampleName;
  values: readonly number[];
  times: readonly string[];
  /** Column headers, as an upload of the same data would have them. */
  valueColumn: string;
  timeColumn: string;
  /** The scaling the library suggests: both series are far from [-1, 1]. */
  scaling: Scaling;
  /** Where the values come from and under what licence (README.md has the details). */
  source: string;
  licence: string;
}

const years = (start: number, count: number) => Array.from({ length: count }, (_, i) => String(start + i));
const months = (start: { year: number; month: number }, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const m = start.month - 1 + i;
    return `${start.year + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });

const EXAMPLES: Record<ExampleName, ExampleDataset> = {
  sunspots: {
    id: exampleId("sunspots"),
    example: "sunspots",
    values: SUNSPOTS,
    times: years(SUNSPOTS_START_YEAR, SUNSPOTS.length),
    valueColumn: "sunspots",
    timeColumn: "year",
    scaling: "standardise",
    source: "NOAA National Geophysical Data Center, via statsmodels 0.13.5 (datasets/sunspots)",
    licence: "public domain",
  },
  "sea-surface-temperature": {
    id: exampleId("sea-surface-temperature"),
    example: "sea-surface-temperature",
    values: SEA_SURFACE_TEMPERATURE,
    times: months(SEA_SURFACE_TEMPERATURE_START, SEA_SURFACE_TEMPERATURE.length),
    valueColumn: "temperature_c",
    timeColumn: "month",
    scaling: "standardise",
    source: "NOAA National Weather Service, Climate Prediction Center (ERSST.V3B, Niño 1+2), via statsmodels 0.13.5 (datasets/elnino)",
    licence: "public domain",
  },
};

export const EXAMPLE_DATASETS: readonly ExampleDataset[] = EXAMPLE_NAMES.map((name) => EXAMPLES[name]);

/** The example with this id, or null. */
export function exampleDataset(id: string): ExampleDataset | null {
  const name = exampleNameOf(id);
  return name === null ? null : EXAMPLES[name];
}

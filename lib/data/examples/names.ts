/**
 * The built-in examples' names and ids, without their values: pages may import this (the values are only read on
 * the server, see ./index.ts).
 */
export const EXAMPLE_NAMES = ["sunspots", "sea-surface-temperature"] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

const PREFIX = "example:";

export function exampleId(name: ExampleName): string {
  return `${PREFIX}${name}`;
}

/** The example an id names, or null (not an example id, or no such example). */
export function exampleNameOf(id: string): ExampleName | null {
  if (!id.startsWith(PREFIX)) return null;
  const name = id.slice(PREFIX.length);
  return (EXAMPLE_NAMES as readonly string[]).includes(name) ? (name as ExampleName) : null;
}

/** `format("Hi {name}", { name: "Ann" })` → "Hi Ann". Unknown placeholders stay visible, so mistakes show. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** The placeholder names of a template, sorted and without repeats: "{a} of {b}, {a}" → ["a", "b"]. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
}

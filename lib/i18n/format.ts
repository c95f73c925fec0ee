/** `format("Hi {name}", { name: "Ann" })` → "Hi Ann". Unknown placeholders stay visible, so mistakes show. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

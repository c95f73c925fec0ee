/** Names of things the server stores as codes ("momentum"), as the reader's form calls them ("SGD with momentum"). */
import type { Messages } from "./index";

export function optimizerName(m: Messages, kind: string): string {
  return (m.playground.form.optimizers as Record<string, string>)[kind] ?? kind;
}

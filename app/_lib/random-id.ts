/**
 * A random id for the page's own use (a run before the server names it, a tab). crypto.randomUUID exists only in
 * secure contexts; a classroom server reached by its LAN address over http is not one, getRandomValues works there.
 */
export function randomId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Where students open the app: the address the join link, the QR code and `npm start` show. The teacher's browser
 * address is no guide (it is often localhost), so the server decides: the PUBLIC_URL the deployment declares, else
 * the address the server was told to listen on, else its own network addresses, best first. Loopback only when the
 * machine has nothing else (then students cannot reach it, and the page says so by showing it).
 *
 * Pure: the caller passes the interface list (os.networkInterfaces() on the server, made-up lists in tests).
 */

/** One address of one interface, as os.networkInterfaces() lists it (Node 18.0–18.3 gave the family as a number). */
export interface InterfaceAddress {
  address: string;
  family: "IPv4" | "IPv6" | 4 | 6;
  internal: boolean;
}
export type InterfaceList = Record<string, readonly InterfaceAddress[] | undefined>;

export interface JoinAddress {
  /** The origin students open (`http://192.168.1.20:3000`); the join link is `${origin}/join/${code}`. */
  origin: string;
  /** Other origins the machine answers on (a second network card), best first; empty with PUBLIC_URL. */
  alternatives: string[];
  /** Why this origin: declared, the listening host, a network address, or loopback (nothing else there). */
  source: "public-url" | "host" | "network" | "loopback";
}

/** Bridges, VPNs and virtual machines' adapters: real addresses, but not the classroom's network. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|zt|tailscale|wg|lxc|lxd|cni|flannel|podman)/i;
const WILDCARD_HOSTS = new Set(["", "0.0.0.0", "::", "[::]"]);
const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

function isIpv4(entry: InterfaceAddress): boolean {
  return entry.family === "IPv4" || entry.family === 4;
}

/** Lower is better: school networks use private IPv4 ranges; link-local addresses are a last resort. */
function addressRank(entry: InterfaceAddress): number {
  const a = entry.address.toLowerCase();
  if (isIpv4(entry)) {
    if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a)) return 0;
    if (a.startsWith("169.254.")) return 4;
    return 1;
  }
  if (a.startsWith("fe80:")) return 5; // needs a zone id (%eth0) that a link cannot carry
  return /^f[cd]/.test(a) ? 2 : 3; // unique-local, then global IPv6
}

function hostForUrl(address: string): string {
  return address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
}

export function originOf(host: string, port: number): string {
  return `http://${hostForUrl(host)}${port === 80 ? "" : `:${port}`}`;
}

/**
 * The machine's non-loopback addresses, best first: physical interfaces before virtual ones, private IPv4 before
 * public IPv4 before IPv6; interface order (the system's) breaks ties. Link-local IPv6 is left out: browsers
 * cannot open it without a zone id.
 */
export function networkAddresses(interfaces: InterfaceList): string[] {
  const candidates: { address: string; rank: number; order: number }[] = [];
  for (const [name, entries] of Object.entries(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal || LOOPBACK_HOSTS.test(entry.address)) continue;
      const rank = addressRank(entry);
      if (rank === 5) continue;
      candidates.push({ address: entry.address, rank: rank + (VIRTUAL_INTERFACE.test(name) ? 10 : 0), order: candidates.length });
    }
  }
  const seen = new Set<string>();
  return candidates
    .sort((x, y) => x.rank - y.rank || x.order - y.order)
    .map((c) => c.address)
    .filter((address) => !seen.has(address) && Boolean(seen.add(address)));
}

export function joinAddress(options: { publicUrl?: string; host: string; port: number; interfaces: InterfaceList }): JoinAddress {
  if (options.publicUrl) return { origin: new URL(options.publicUrl).origin, alternatives: [], source: "public-url" };
  const host = options.host.trim();
  if (!WILDCARD_HOSTS.has(host)) {
    return { origin: originOf(host, options.port), alternatives: [], source: LOOPBACK_HOSTS.test(host) ? "loopback" : "host" };
  }
  const [best, ...others] = networkAddresses(options.interfaces).map((address) => originOf(address, options.port));
  if (!best) return { origin: originOf("localhost", options.port), alternatives: [], source: "loopback" };
  return { origin: best, alternatives: others, source: "network" };
}

/** The link a student follows (or the QR code carries): the classroom's join page with its code filled in. */
export function joinLink(origin: string, code: string): string {
  return `${origin}/join/${encodeURIComponent(code)}`;
}

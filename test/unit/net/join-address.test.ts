import { describe, expect, it } from "vitest";
import { joinAddress, joinLink, networkAddresses, type InterfaceList } from "@/lib/net/join-address";

const v4 = (address: string, internal = false) => ({ address, family: "IPv4" as const, internal });
const v6 = (address: string, internal = false) => ({ address, family: "IPv6" as const, internal });
const LOOPBACK = { lo: [v4("127.0.0.1", true), v6("::1", true)] };

/** A teacher's laptop on the school Wi-Fi, with Docker installed and a VPN up. */
const LAPTOP: InterfaceList = {
  ...LOOPBACK,
  docker0: [v4("172.17.0.1")],
  wlan0: [v4("192.168.1.20"), v6("fe80::1c2b:3aff:fe4d:5e6f")],
  tailscale0: [v4("100.101.102.103")],
};

describe("the join address", () => {
  it("is the PUBLIC_URL's origin when one is declared, whatever the interfaces", () => {
    expect(joinAddress({ publicUrl: "https://race.school.example/", host: "", port: 3000, interfaces: LAPTOP })).toEqual({
      origin: "https://race.school.example",
      alternatives: [],
      source: "public-url",
    });
  });

  it("is the Wi-Fi address of a laptop, never loopback, never Docker's bridge or the VPN first", () => {
    expect(joinAddress({ host: "", port: 3000, interfaces: LAPTOP })).toEqual({
      origin: "http://192.168.1.20:3000",
      alternatives: ["http://172.17.0.1:3000", "http://100.101.102.103:3000"],
      source: "network",
    });
  });

  it("lists every reachable address of a machine with two network cards, private ranges first, in the system's order", () => {
    const interfaces: InterfaceList = { ...LOOPBACK, eth0: [v4("203.0.113.9"), v4("10.0.4.2")], eth1: [v4("172.20.1.5")] };
    expect(networkAddresses(interfaces)).toEqual(["10.0.4.2", "172.20.1.5", "203.0.113.9"]);
  });

  it("brackets IPv6 addresses and leaves out link-local ones (a link cannot carry their zone id)", () => {
    const interfaces: InterfaceList = { ...LOOPBACK, eth0: [v6("fe80::1"), v6("2001:db8::7"), v6("fd12:3456::9")] };
    expect(joinAddress({ host: "", port: 8080, interfaces })).toEqual({
      origin: "http://[fd12:3456::9]:8080",
      alternatives: ["http://[2001:db8::7]:8080"],
      source: "network",
    });
  });

  it("keeps a self-assigned 169.254 address for last, but prefers it to nothing", () => {
    expect(networkAddresses({ eth0: [v4("169.254.10.1")], wlan0: [v4("192.168.0.3")] })).toEqual(["192.168.0.3", "169.254.10.1"]);
    expect(joinAddress({ host: "", port: 3000, interfaces: { ...LOOPBACK, eth0: [v4("169.254.10.1")] } }).origin).toBe("http://169.254.10.1:3000");
  });

  it("falls back to localhost only when the machine has no other interface", () => {
    expect(joinAddress({ host: "", port: 3000, interfaces: LOOPBACK })).toEqual({ origin: "http://localhost:3000", alternatives: [], source: "loopback" });
    expect(joinAddress({ host: "0.0.0.0", port: 3000, interfaces: {} }).source).toBe("loopback");
  });

  it("is the listening host when the server was told one (students can reach nothing else)", () => {
    expect(joinAddress({ host: "192.168.1.20", port: 3000, interfaces: LAPTOP })).toEqual({ origin: "http://192.168.1.20:3000", alternatives: [], source: "host" });
    expect(joinAddress({ host: "127.0.0.1", port: 4201, interfaces: LAPTOP })).toEqual({ origin: "http://127.0.0.1:4201", alternatives: [], source: "loopback" });
    expect(joinAddress({ host: "::", port: 3000, interfaces: LAPTOP }).source).toBe("network");
  });

  it("leaves port 80 out of the address and lists an address shared by two interfaces once", () => {
    expect(joinAddress({ host: "", port: 80, interfaces: { eth0: [v4("10.1.1.1")], br0: [v4("10.1.1.1")] } })).toEqual({ origin: "http://10.1.1.1", alternatives: [], source: "network" });
  });

  it("reads the numeric families of older Node versions", () => {
    expect(networkAddresses({ eth0: [{ address: "10.2.2.2", family: 4, internal: false }] })).toEqual(["10.2.2.2"]);
  });

  it("builds the join link with the code", () => {
    expect(joinLink("http://192.168.1.20:3000", "ABC-234")).toBe("http://192.168.1.20:3000/join/ABC-234");
  });
});

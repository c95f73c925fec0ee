/**
 * The address students open, as the server sees it now: read from the machine's interfaces on every call, so a
 * laptop that changes Wi-Fi between lessons shows its new address without a restart. The selection is pure
 * (lib/net/join-address.ts); this file only feeds it the configuration, the bound port and os.networkInterfaces().
 */
import { networkInterfaces } from "node:os";
import { joinAddress, type InterfaceList, type JoinAddress } from "@/lib/net/join-address";
import type { Config } from "../config";

declare module "@/server/context" {
  interface AppServices {
    joinAddress: JoinAddressService;
  }
}

export interface JoinAddressService {
  current(): JoinAddress;
  /** The port actually bound (PORT=0 picks one) and the host asked for, known only once the server listens. */
  listening(port: number, host: string): void;
}

export function createJoinAddressService(config: Pick<Config, "publicUrl" | "host" | "port">, interfaces: () => InterfaceList = networkInterfaces): JoinAddressService {
  let port = config.port;
  let host = config.host;
  return {
    current: () => joinAddress({ publicUrl: config.publicUrl, host, port, interfaces: interfaces() }),
    listening(boundPort, boundHost) {
      port = boundPort;
      host = boundHost;
    },
  };
}

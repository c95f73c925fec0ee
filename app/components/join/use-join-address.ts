"use client";
/** Where students open the app, as the server says (GET /api/join-address): never the teacher's own address bar. */
import { useEffect, useState } from "react";
import { ZJoinAddressResponse, type JoinAddressResponse } from "@/lib/api/join-address";
import type { ErrorBody } from "@/lib/errors";
import { api } from "../../_lib/api";

export function useJoinAddress(): { address: JoinAddressResponse | null; error: ErrorBody | null } {
  const [address, setAddress] = useState<JoinAddressResponse | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  useEffect(() => {
    let live = true;
    void api.get<unknown>("/api/join-address").then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      const parsed = ZJoinAddressResponse.safeParse(result.data);
      if (parsed.success) setAddress(parsed.data);
      else setError({ code: "internal", message: "unexpected join address" });
    });
    return () => {
      live = false;
    };
  }, []);
  return { address, error };
}

"use client";
/** Where students open the app, as the server says (GET /api/join-address): never the teacher's own address bar. */
import { useEffect, useState } from "react";
import type { JoinAddressResponse } from "@/lib/api/join-address";
import type { ErrorBody } from "@/lib/errors";
import { api } from "../../_lib/api";

export function useJoinAddress(): { address: JoinAddressResponse | null; error: ErrorBody | null } {
  const [address, setAddress] = useState<JoinAddressResponse | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  useEffect(() => {
    let live = true;
    void api.join.address({}).then((result) => {
      if (!live) return;
      if (result.ok) setAddress(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);
  return { address, error };
}

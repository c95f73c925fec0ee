"use client";
/** Who is signed in, for every page: loaded once from /api/session, updated after sign-in and sign-out. */
import "./zod-without-eval";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { SessionUser } from "@/lib/api/auth";
import { api } from "./api";

interface SessionState {
  /** undefined while loading, null when signed out. */
  user: SessionUser | null | undefined;
  setUser(user: SessionUser | null): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void api.session.get({}).then((result) => {
      if (live) setUser(result.ok ? result.data.user : null);
    });
    return () => {
      live = false;
    };
  }, []);

  const signOut = useCallback(async () => {
    await api.session.signOut({});
    setUser(null);
  }, []);

  return <SessionContext.Provider value={{ user, setUser, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}

"use client";
/**
 * A page's live handle on a race: the full state from `race:state` (again after every reconnect, and whenever a
 * tick shows the page missed something), kept current by ticks and reliable updates; the socket also enters the
 * classroom's room, where the verified leaderboards are broadcast. The server's clock offset
 * comes with the state, so every screen counts down to the same second.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { applyRaceUpdated, applyRunStarted, applyRunUpdated, applyTick, fromState, type RaceClientState } from "@/lib/race/client-state";
import type { ErrorBody } from "@/lib/errors";
import type { RaceTick, RunLive, RunView } from "@/lib/race/views";
import type { RaceState, RaceView } from "@/lib/realtime/race";
import { connectErrorData, connectRealtime, request, type RealtimeSocket } from "../../_lib/realtime";

type Action =
  | { type: "state"; state: RaceState }
  | { type: "tick"; tick: RaceTick }
  | { type: "run-started"; raceId: string; run: RunView }
  | { type: "run-updated"; raceId: string; run: RunLive }
  | { type: "race"; race: RaceView };

function reducer(state: RaceClientState | null, action: Action): RaceClientState | null {
  if (action.type === "state") return fromState(action.state);
  if (!state) return state;
  switch (action.type) {
    case "tick":
      return applyTick(state, action.tick);
    case "run-started":
      return applyRunStarted(state, action.raceId, action.run);
    case "run-updated":
      return applyRunUpdated(state, action.raceId, action.run);
    case "race":
      return applyRaceUpdated(state, action.race);
  }
}

export type Connection = "connecting" | "live" | "reconnecting" | "outdated";

export function useRaceRoom(raceId: string) {
  const [state, dispatch] = useReducer(reducer, null);
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<ErrorBody | null>(null);
  const offsetRef = useRef(0);

  useEffect(() => {
    const s = connectRealtime();
    const fetchState = async () => {
      const sentAt = Date.now();
      const result = await request(s, "race:state", { raceId });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      // Half the round trip is the best guess of when the server took its clock reading.
      offsetRef.current = result.data.now - (sentAt + Date.now()) / 2;
      dispatch({ type: "state", state: result.data });
      setConnection("live");
      // The classroom's room brings the verified leaderboards' broadcasts (board:updated, board:revealed).
      const entered = await request(s, "room:enter", { classroomId: result.data.race.classroomId });
      if (!entered.ok) setError(entered.error);
    };
    s.on("connect", () => {
      setSocket(s);
      void fetchState();
    });
    s.on("disconnect", () => setConnection("reconnecting"));
    s.on("connect_error", (err) => {
      if (connectErrorData(err)?.code === "protocol_mismatch") {
        setConnection("outdated");
        s.disconnect();
      } else setConnection("reconnecting");
    });
    s.on("race:tick", (tick) => dispatch({ type: "tick", tick }));
    s.on("race:run-started", (e) => dispatch({ type: "run-started", raceId: e.raceId, run: e.run }));
    s.on("race:run-updated", (e) => dispatch({ type: "run-updated", raceId: e.raceId, run: e.run }));
    s.on("race:updated", (e) => dispatch({ type: "race", race: e.race }));
    return () => {
      s.disconnect();
      setSocket(null);
    };
  }, [raceId]);

  const refetch = useCallback(async () => {
    if (!socket) return;
    const result = await request(socket, "race:state", { raceId });
    if (result.ok) dispatch({ type: "state", state: result.data });
  }, [socket, raceId]);

  // A tick named a run the page does not know, or skipped epochs: take the full state again.
  const stale = state?.stale ?? false;
  useEffect(() => {
    if (stale) void refetch();
  }, [stale, refetch]);

  const serverNow = useCallback(() => Date.now() + offsetRef.current, []);
  return { state, socket, connection, error, setError, serverNow };
}

/** Re-renders every `ms` while `active` (countdowns). */
export function useTicker(active: boolean, ms = 250): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}

"use client";
/**
 * A race's boards for one viewer: fetched over HTTP (again after every reconnect, so nothing drifts) and kept
 * current by the classroom room's `board:updated` / `board:revealed` broadcasts. The caller owns the socket
 * (the race view already has one in the room); this hook only listens on it.
 */
import { useCallback, useEffect, useState } from "react";
import type { ErrorBody } from "@/lib/errors";
import type { TRaceBoard } from "@/lib/scoring/views";
import { api } from "../../_lib/api";
import type { RealtimeSocket } from "../../_lib/realtime";

export interface RaceBoards {
  publicBoard: TRaceBoard | null;
  privateBoard: TRaceBoard | null;
  /** The standings everyone sees (lib/race/standings): the live board and the podium rank by these rows. */
  published: TRaceBoard["board"] | null;
  revealed: boolean;
  /** True once a reveal arrived while this page was open: play the shake-up. */
  justRevealed: boolean;
  error: ErrorBody | null;
  /** Call after the teacher's reveal request succeeded (its answer is the private board). */
  applyReveal(board: TRaceBoard): void;
}

export function useRaceBoards(raceId: string, socket: RealtimeSocket | null, canSeePrivate: boolean): RaceBoards {
  const [publicBoard, setPublic] = useState<TRaceBoard | null>(null);
  const [privateBoard, setPrivate] = useState<TRaceBoard | null>(null);
  const [justRevealed, setJustRevealed] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);

  const load = useCallback(async () => {
    const pub = await api.races.board({ raceId, query: { kind: "public" } });
    if (!pub.ok) {
      setError(pub.error);
      return;
    }
    setPublic(pub.data);
    if (pub.data.revealed || canSeePrivate) {
      const priv = await api.races.board({ raceId, query: { kind: "private" } });
      if (priv.ok) setPrivate(priv.data);
    }
  }, [raceId, canSeePrivate]);

  useEffect(() => {
    if (!socket) return;
    const reload = () => void load();
    const onUpdated = (board: TRaceBoard) => {
      if (board.raceId !== raceId) return;
      if (board.board.kind === "public") setPublic(board);
      else setPrivate(board);
    };
    const onRevealed = (board: TRaceBoard) => {
      if (board.raceId !== raceId) return;
      setPrivate(board);
      setPublic((current) => (current ? { ...current, revealed: true } : current));
      setJustRevealed(true);
    };
    socket.on("connect", reload);
    socket.on("board:updated", onUpdated);
    socket.on("board:revealed", onRevealed);
    if (socket.connected) reload();
    return () => {
      socket.off("connect", reload);
      socket.off("board:updated", onUpdated);
      socket.off("board:revealed", onRevealed);
    };
  }, [socket, raceId, load]);

  const applyReveal = useCallback((board: TRaceBoard) => {
    setPrivate(board);
    setJustRevealed(true);
    setPublic((current) => (current ? { ...current, revealed: true } : current));
  }, []);

  const revealed = Boolean(publicBoard?.revealed || privateBoard?.revealed);
  // What everyone sees: the private board once revealed, the public one until then.
  const published = (revealed ? privateBoard : publicBoard)?.board ?? null;
  return { publicBoard, privateBoard, published, revealed, justRevealed, error, applyReveal };
}

"use client";
/** The classroom's join code for the lobby (teachers only receive it; others get null and no join panel). */
import { useEffect, useState } from "react";
import type { RoomSnapshot } from "@/lib/classroom/views";
import { api } from "../../../../../_lib/api";

export function useJoinCode(classroomId: string): string | null {
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.get<RoomSnapshot>(`/api/classrooms/${classroomId}`).then((result) => {
      if (live && result.ok) setCode(result.data.classroom.joinCode ?? null);
    });
    return () => {
      live = false;
    };
  }, [classroomId]);
  return code;
}

"use client";
/** Pages for signed-in people: render nothing of theirs until the session is known, and send others to sign in. */
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import type { SessionUser } from "@/lib/api/auth";
import { useI18n } from "../_lib/i18n";
import { useSession } from "../_lib/session";

export function RequireUser({ children }: { children: (user: SessionUser) => ReactNode }) {
  const { user } = useSession();
  const { m } = useI18n();
  const router = useRouter();
  useEffect(() => {
    if (user === null) router.replace("/");
  }, [user, router]);
  if (!user) return <p role="status">{m.common.loading}</p>;
  return <>{children(user)}</>;
}

"use client";
/** Sign-in pages send people who are already signed in to their dashboard. */
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useSession } from "../_lib/session";

export function RedirectIfSignedIn() {
  const { user } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (user) router.replace("/dashboard");
  }, [user, router]);
  return null;
}

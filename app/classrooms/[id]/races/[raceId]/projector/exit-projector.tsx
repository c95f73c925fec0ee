"use client";
/**
 * The teacher's way out of the projector view, which has no site navigation: a button-sized link back to the
 * race page, and Esc anywhere on the page (not while typing, and not when something else already used the key).
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useI18n } from "../../../../../_lib/i18n";

export function ExitProjector({ href }: { href: string }) {
  const { m } = useI18n();
  const router = useRouter();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      router.push(href);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [href, router]);
  return (
    <Link
      href={href}
      aria-keyshortcuts="Escape"
      data-testid="exit-projector"
      className="rounded-md border-2 border-slate-700 bg-white px-4 py-2 text-xl font-semibold whitespace-nowrap text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
    >
      {m.race.projector.exit} <kbd className="ml-1 rounded border border-slate-500 px-1.5 text-base font-normal">{m.race.projector.exitKey}</kbd>
    </Link>
  );
}

"use client";
/** Header (brand, navigation, who is signed in, sign-out) and the main landmark every page renders into. */
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { format, m } from "../_lib/messages";
import { useSession } from "../_lib/session";
import { NAV_ITEMS } from "./nav-items";

export function AppShell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const items = NAV_ITEMS.filter((item) => !item.for || item.for === user?.kind);

  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2">
        {m.common.skipToContent}
      </a>
      <header className="border-b border-slate-300 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href={user ? "/dashboard" : "/"} className="text-xl font-bold tracking-tight">
            {m.common.appName}
          </Link>
          {user && (
            <nav aria-label={m.common.mainNavigation} className="flex-1">
              <ul className="flex flex-wrap gap-4">
                {items.map((item) => (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={pathname === item.href ? "page" : undefined}
                      className="rounded px-1 underline-offset-4 hover:underline aria-[current=page]:underline"
                    >
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {user && (
            <div className="ml-auto flex items-center gap-3 text-sm">
              <span data-testid="signed-in-as">{format(m.common.signedInAs, { name: user.displayName })}</span>
              <button
                type="button"
                onClick={async () => {
                  await signOut();
                  router.push("/");
                }}
                className="rounded border border-white/70 px-3 py-1.5 font-medium hover:bg-white hover:text-slate-900"
              >
                {m.common.signOut}
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
    </>
  );
}

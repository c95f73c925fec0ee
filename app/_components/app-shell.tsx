"use client";
/**
 * Header (brand, navigation, language, who is signed in, sign-out), the main landmark, and the footer. The
 * projector view has none of them: it fills the screen in front of the class and offers its own way out.
 */
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { format } from "@/lib/i18n";
import { useI18n } from "../_lib/i18n";
import { useSession } from "../_lib/session";
import { TrainingIndicator } from "../playground/TrainingIndicator";
import { LanguageSwitcher } from "./language-switcher";
import { NAV_ITEMS } from "./nav-items";

const PROJECTOR_PATH = /^\/classrooms\/[^/]+\/races\/[^/]+\/projector\/?$/;

export function AppShell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const { m } = useI18n();
  const pathname = usePathname();
  const router = useRouter();
  const items = NAV_ITEMS.filter((item) => !item.for || item.for === user?.kind);

  if (PROJECTOR_PATH.test(pathname)) {
    return (
      <main id="main" className="w-full flex-1 px-6 py-4">
        {children}
      </main>
    );
  }

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
              <ul className="flex flex-wrap gap-x-4 gap-y-1">
                {items.map((item) => (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={pathname === item.href ? "page" : undefined}
                      className="rounded px-1 whitespace-nowrap underline-offset-4 hover:underline aria-[current=page]:underline"
                    >
                      {item.label(m)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            {user && pathname !== "/playground" && <TrainingIndicator />}
            <LanguageSwitcher />
            {user && (
              <>
                <span data-testid="signed-in-as">{format(m.common.signedInAs, { name: user.displayName })}</span>
                <button
                  type="button"
                  onClick={async () => {
                    await signOut();
                    router.push("/");
                  }}
                  className="rounded border border-white/70 px-3 py-1.5 font-medium whitespace-nowrap hover:bg-white hover:text-slate-900"
                >
                  {m.common.signOut}
                </button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <footer className="border-t border-slate-300 bg-white text-sm text-slate-700">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-3">
          <Link href="/glossary" className="font-medium text-indigo-800 underline">
            {m.common.footer.glossary}
          </Link>
          <span>{m.common.footer.lesson}</span>
        </div>
      </footer>
    </>
  );
}

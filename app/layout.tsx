import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppShell } from "./_components/app-shell";
import { PasswordChangeGate } from "./_components/password-change-gate";
import { I18nProvider } from "./_lib/i18n";
import { requestLocale, requestMessages } from "./_lib/request-locale";
import { SessionProvider } from "./_lib/session";
import { TrainingProvider } from "./playground/training-provider";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const m = await requestMessages();
  return { title: m.common.appName, description: m.common.tagline };
}
/**
 * Every page is rendered per request: its Content-Security-Policy carries a fresh nonce (server/http/
 * security-headers.ts) that Next.js puts on its inline scripts, which a page rendered at build time cannot have.
 * (Reading the locale makes pages dynamic too; this says so whatever the layout reads.)
 */
export const dynamic = "force-dynamic";
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900">
        <SessionProvider>
          <I18nProvider initialLocale={locale}>
            {/* Above every page: a Playground run keeps training while the person visits other pages. */}
            <TrainingProvider>
              <AppShell>
                <PasswordChangeGate>{children}</PasswordChangeGate>
              </AppShell>
            </TrainingProvider>
          </I18nProvider>
        </SessionProvider>
      </body>
    </html>
  );
}

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppShell } from "./_components/app-shell";
import { m } from "./_lib/messages";
import { SessionProvider } from "./_lib/session";
import "./globals.css";

export const metadata: Metadata = { title: m.common.appName, description: m.common.tagline };
/**
 * Every page is rendered per request: its Content-Security-Policy carries a fresh nonce (server/http/
 * security-headers.ts) that Next.js puts on its inline scripts, which a page rendered at build time cannot have.
 */
export const dynamic = "force-dynamic";
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900">
        <SessionProvider>
          <AppShell>{children}</AppShell>
        </SessionProvider>
      </body>
    </html>
  );
}

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppShell } from "./_components/app-shell";
import { m } from "./_lib/messages";
import { SessionProvider } from "./_lib/session";
import "./globals.css";

export const metadata: Metadata = { title: m.common.appName, description: m.common.tagline };
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

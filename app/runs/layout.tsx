import type { Metadata } from "next";
import type { ReactNode } from "react";
import { m } from "../_lib/messages";

export const metadata: Metadata = { title: `${m.history.title} · ${m.common.appName}` };

export default function RunsLayout({ children }: { children: ReactNode }) {
  return children;
}

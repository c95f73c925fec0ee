import type { Metadata } from "next";
import type { ReactNode } from "react";
import { m } from "../_lib/messages";

export const metadata: Metadata = { title: `${m.playground.title} · ${m.common.appName}` };

export default function PlaygroundLayout({ children }: { children: ReactNode }) {
  return children;
}

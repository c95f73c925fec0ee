import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requestMessages } from "../_lib/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const m = await requestMessages();
  return { title: `${m.history.title} · ${m.common.appName}` };
}

export default function RunsLayout({ children }: { children: ReactNode }) {
  return children;
}

import type { Metadata } from "next";
import { playground } from "@/lib/i18n/en/playground";
import { Playground } from "./Playground";

export const metadata: Metadata = { title: `${playground.title} · Loss Race` };

export default function PlaygroundPage() {
  return <Playground />;
}

"use client";
import { useI18n } from "@/app/_lib/i18n";
import type { TDatasetView } from "@/lib/api/datasets";

/** The name a reader sees: an upload's own, a built-in example's from the catalogue (in the reader's language). */
export function useDatasetName() {
  const { m } = useI18n();
  return (dataset: Pick<TDatasetView, "name" | "example">) => (dataset.example ? m.data.examples[dataset.example].name : dataset.name);
}

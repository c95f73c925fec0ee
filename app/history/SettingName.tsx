"use client";
/** A configuration path ("model.hidden") as the form names it, with the path itself for people who know it. */
import { fieldLabel } from "@/lib/i18n/describe-error";
import { useI18n } from "../_lib/i18n";

export function SettingName({ path }: { path: string }) {
  const label = fieldLabel(useI18n().m, path);
  if (label === path) return <span className="font-mono">{path}</span>;
  return (
    <>
      {label} <span className="font-mono text-slate-600">{path}</span>
    </>
  );
}

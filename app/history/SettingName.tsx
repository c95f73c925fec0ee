"use client";
/**
 * A configuration path ("model.hidden") as the form names it ("Hidden size"). The path itself stays out of the
 * text (students do not read keys) and is kept as a tooltip for people who script against the configuration.
 */
import { fieldLabel } from "@/lib/i18n/describe-error";
import { useI18n } from "../_lib/i18n";

export function SettingName({ path }: { path: string }) {
  return <span title={path}>{fieldLabel(useI18n().m, path)}</span>;
}

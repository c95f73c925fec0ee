"use client";
/** In the header of every other page while a Playground run trains: where it is, and a link back to it. */
import Link from "next/link";
import { format } from "@/lib/i18n";
import { useI18n } from "../_lib/i18n";
import { usePlaygroundTraining } from "./training-provider";

export function TrainingIndicator() {
  const { m, fmt } = useI18n();
  const { view } = usePlaygroundTraining();
  if (view.phase !== "calibrating" && view.phase !== "running" && view.phase !== "paused" && view.phase !== "stopping") return null;
  const epoch = view.snapshots.at(-1)?.epoch ?? 0;
  return (
    <Link
      href="/playground"
      data-testid="training-indicator"
      className="flex items-center gap-2 rounded border border-white/70 px-3 py-1.5 font-medium whitespace-nowrap hover:bg-white hover:text-slate-900"
    >
      <progress className="h-2 w-16 [&::-webkit-progress-bar]:bg-slate-600 [&::-webkit-progress-value]:bg-white" max={view.epochs || 1} value={epoch} aria-hidden="true" />
      {format(m.common.trainingIndicator[view.phase], { epoch: fmt.integer(epoch), total: fmt.integer(view.epochs) })}
    </Link>
  );
}

"use client";
/**
 * A wide table's own sideways scroll, so it never widens a phone's page. When the table is wider than the box, a
 * line above it says so and the right edge fades, so nobody misses the columns out of view; the box takes the
 * keyboard focus (arrow keys scroll it), as a scrollable region must for people who do not use a pointer.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { format } from "@/lib/i18n";
import { useI18n } from "../_lib/i18n";

export function ScrollBox({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  const { m } = useI18n();
  const ref = useRef<HTMLDivElement | null>(null);
  const [overflow, setOverflow] = useState({ wider: false, atEnd: false });

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflow({ wider: box.scrollWidth > box.clientWidth + 1, atEnd: box.scrollLeft + box.clientWidth >= box.scrollWidth - 1 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    box.addEventListener("scroll", measure, { passive: true });
    return () => {
      observer.disconnect();
      box.removeEventListener("scroll", measure);
    };
  }, []);

  return (
    <div className={`relative ${className}`}>
      {overflow.wider && (
        <p className="mb-1 text-xs text-slate-700" data-testid="scroll-hint">
          {m.common.scrollSideways}
        </p>
      )}
      <div ref={ref} role="region" aria-label={format(m.common.tableRegion, { name: label })} tabIndex={overflow.wider ? 0 : undefined} className="overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-blue-700">
        {children}
      </div>
      {overflow.wider && !overflow.atEnd && <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-0 w-8 bg-gradient-to-l from-white" />}
    </div>
  );
}

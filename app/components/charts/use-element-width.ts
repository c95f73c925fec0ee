"use client";
import { useLayoutEffect, useRef, useState } from "react";

/**
 * The rendered width of an element, kept current with a ResizeObserver (charts redraw on resize and rotation).
 * Measured once before the first paint too, so a chart that appears later (the podium when a race ends) is never
 * drawn, even for a frame, at the fallback width.
 */
export function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measured = Math.floor(element.getBoundingClientRect().width);
    if (measured > 0) setWidth(measured);
    const observer = new ResizeObserver((entries) => {
      const next = entries[0]?.contentRect.width;
      if (next && next > 0) setWidth(Math.floor(next));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

"use client";
/**
 * The join link as a QR code, drawn here as SVG (the qrcode library computes the modules; nothing is fetched),
 * with a white quiet zone so phones read it off a projector. Labelled with the link it carries.
 */
import QRCode from "qrcode";
import { useMemo } from "react";
import { qrPath } from "./qr-path";

/** The blank margin phones need around a code, in modules (the standard's minimum). */
const QUIET_ZONE = 4;

export function JoinQrCode({ link, label, className = "" }: { link: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    // "M" survives a smudged screen or a glare spot (15% of the code) and keeps the code small enough to read far.
    const modules = QRCode.create(link, { errorCorrectionLevel: "M" }).modules;
    return { size: modules.size, path: qrPath(modules) };
  }, [link]);
  const box = size + 2 * QUIET_ZONE;
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="join-qr"
      data-link={link}
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${box} ${box}`}
      shapeRendering="crispEdges"
      className={`block aspect-square h-auto max-w-full ${className}`}
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={box} height={box} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/**
 * A QR code's dark modules as one SVG path: each row's runs of dark modules become one rectangle, so a code of
 * ~1,000 modules is a few hundred short commands and scales crisply to a projector (no canvas, no image).
 */
export interface ModuleMatrix {
  size: number;
  /** Row-major, 1 for a dark module (qrcode's BitMatrix). */
  data: ArrayLike<number>;
}

export function qrPath(modules: ModuleMatrix): string {
  const { size, data } = modules;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      parts.push(`M${start} ${row}h${col - start}v1h${start - col}z`);
    }
  }
  return parts.join("");
}

import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrPath } from "@/app/components/join/qr-path";

/** Paints a path of `M x y h w v1 h -w z` rectangles back onto a grid. */
function paint(path: string, size: number): number[] {
  const grid = new Array<number>(size * size).fill(0);
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let c = Number(x); c < Number(x) + Number(w); c++) grid[Number(y) * size + c] = (grid[Number(y) * size + c] ?? 0) + 1;
  }
  return grid;
}

describe("the QR code's path", () => {
  it("draws each row's runs of dark modules as one rectangle", () => {
    // 3×3: a full row, a lone middle module, two separated ones.
    expect(qrPath({ size: 3, data: [1, 1, 1, 0, 1, 0, 1, 0, 1] })).toBe("M0 0h3v1h-3zM1 1h1v1h-1zM0 2h1v1h-1zM2 2h1v1h-1z");
    expect(qrPath({ size: 2, data: [0, 0, 0, 0] })).toBe("");
  });

  it("covers exactly the dark modules of a real join link's code, each once", () => {
    const modules = QRCode.create("http://192.168.1.20:3000/join/K7Q-4PX", { errorCorrectionLevel: "M" }).modules;
    expect(paint(qrPath(modules), modules.size)).toEqual(Array.from(modules.data));
  });
});

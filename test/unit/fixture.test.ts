import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("PyTorch reference fixture", () => {
  it("is shipped with the project and names its cases", () => {
    const fixture = JSON.parse(readFileSync(new URL("../fixtures/torch-seed-reference.json", import.meta.url), "utf8"));
    expect(fixture.series).toHaveLength(120);
    expect(fixture.cases.map((c: { cell: string }) => c.cell)).toEqual(["RNN", "RNN", "LSTM", "GRU", "LSTM"]);
  });
});

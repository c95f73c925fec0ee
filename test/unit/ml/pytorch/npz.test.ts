/**
 * The .npy/.npz writer and reader: our files are what numpy writes (v1.0 header padded to 64 bytes, '<f4', C
 * order, stored zip entries); numpy's own files (test/fixtures/npz, written by make-npz-fixtures.py) read back
 * exactly, in every float variant; anything else is refused with the problem named.
 */
import { readFileSync } from "node:fs";
import { unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "@/lib/ml/pytorch/npy";
import { decodeNpz, encodeNpz, NPZ_MAX_BYTES } from "@/lib/ml/pytorch/npz";
import { NpzError, type NpzProblem } from "@/lib/ml/pytorch/problems";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/npz/${name}`, import.meta.url)));
const A = [-1, -0.5, 0, 0.5, 1, 1.5];
const B = [1, -2, 3.5, Math.fround(1e-3)];
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

function problemOf(run: () => unknown): NpzProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof NpzError) return error.problem;
    throw error;
  }
  throw new Error("expected an NpzError");
}

describe(".npy writer", () => {
  it("writes a version 1.0 header padded with spaces to a 64-byte boundary, then little-endian float32 in C order", () => {
    const bytes = encodeNpy({ shape: [2, 3], data: Float32Array.from(A) });
    expect(ascii(bytes.subarray(0, 8))).toBe("\x93NUMPY\x01\x00");
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = ascii(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(bytes.length).toBe(10 + headerLength + 6 * 4);
    const view = new DataView(bytes.buffer, 10 + headerLength);
    expect(Array.from({ length: 6 }, (_, i) => view.getFloat32(4 * i, true))).toEqual(A);
  });

  it("writes one-dimensional shapes as Python 1-tuples", () => {
    expect(ascii(encodeNpy({ shape: [4], data: Float32Array.from(B) }))).toContain("'shape': (4,), }");
  });

  it("is byte for byte what numpy writes for the same float32 array", () => {
    const numpy = unzipSync(fixture("savez.npz"))["a.npy"]!;
    expect(encodeNpy({ shape: [2, 3], data: Float32Array.from(A) })).toEqual(numpy);
  });

  it("refuses values that do not fill the shape", () => {
    expect(() => encodeNpy({ shape: [2, 2], data: new Float32Array(3) })).toThrow(RangeError);
  });
});

describe(".npz writer", () => {
  it("stores one <name>.npy per array, uncompressed, as np.savez does, and reads back exactly", () => {
    const arrays = new Map([
      ["rnn.weight_ih_l0", { shape: [2, 3], data: Float32Array.from(A) }],
      ["output.bias", { shape: [1], data: Float32Array.of(0.25) }],
    ]);
    const bytes = encodeNpz(arrays);
    const entries: { name: string; compression: number }[] = [];
    unzipSync(bytes, { filter: (f) => (entries.push({ name: f.name, compression: f.compression }), true) });
    expect(entries).toEqual([
      { name: "rnn.weight_ih_l0.npy", compression: 0 },
      { name: "output.bias.npy", compression: 0 },
    ]);
    expect(decodeNpz(bytes)).toEqual(arrays);
    // Reproducible: the same arrays give the same bytes.
    expect(encodeNpz(arrays)).toEqual(bytes);
  });
});

describe(".npz reader on numpy's own files", () => {
  it.each(["savez.npz", "savez-compressed.npz"])("reads %s (np.savez / np.savez_compressed, zip64 local headers)", (name) => {
    const arrays = decodeNpz(fixture(name));
    expect([...arrays.keys()]).toEqual(["a", "b"]);
    expect(arrays.get("a")).toEqual({ shape: [2, 3], data: Float32Array.from(A) });
    expect(arrays.get("b")).toEqual({ shape: [4], data: Float32Array.from(B) });
  });

  it("converts float64, Fortran order, big-endian and float16 to float32 in C order", () => {
    const arrays = decodeNpz(fixture("float-variants.npz"));
    for (const name of ["f8", "fortran", "big"]) expect(arrays.get(name), name).toEqual({ shape: [2, 3], data: Float32Array.from(A) });
    // 1e-3 in half precision is 0.0010004043579101562.
    expect(Array.from(arrays.get("half")!.data)).toEqual([1, -2, 3.5, Math.fround(0.0010004043579101562)]);
  });

  it("reads format version 2.0", () => {
    expect(decodeNpz(fixture("version2.npz")).get("a")).toEqual({ shape: [2, 3], data: Float32Array.from(A) });
  });

  it("refuses integer arrays, naming the array and its dtype", () => {
    expect(problemOf(() => decodeNpz(fixture("integers.npz")))).toEqual({ kind: "not_float", name: "counts", dtype: "<i8" });
  });

  it("refuses object arrays without unpickling them", () => {
    expect(problemOf(() => decodeNpz(fixture("objects.npz")))).toEqual({ kind: "not_float", name: "names", dtype: "|O" });
  });
});

describe(".npz reader refusals", () => {
  const npy = (header: string, data: Uint8Array = new Uint8Array(0), version = 1) => {
    const padded = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + "\n";
    const out = new Uint8Array(10 + padded.length + data.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0, padded.length & 0xff, padded.length >> 8]);
    for (let i = 0; i < padded.length; i++) out[10 + i] = padded.charCodeAt(i);
    out.set(data, 10 + padded.length);
    return out;
  };
  const zip = (entries: Record<string, Uint8Array>) => zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: 0 }]])));

  it.each([
    ["random bytes", Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)],
    ["an empty file", new Uint8Array(0)],
    ["a weight file of ours", new TextEncoder().encode("LRWT\x01\x00\x00\x00")],
    ["a truncated zip", encodeNpz(new Map([["a", { shape: [2, 3], data: Float32Array.from(A) }]])).subarray(0, 60)],
  ])("refuses %s as not a zip", (_, bytes) => {
    expect(problemOf(() => decodeNpz(bytes))).toEqual({ kind: "not_zip" });
  });

  it("refuses a file over the size limit before reading it", () => {
    const big = new Uint8Array(NPZ_MAX_BYTES + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    expect(problemOf(() => decodeNpz(big))).toMatchObject({ kind: "too_large", bytes: NPZ_MAX_BYTES + 1, maxBytes: NPZ_MAX_BYTES });
  });

  it("refuses an entry that would inflate past the limit, without inflating it", () => {
    // 20 MB of zeros deflate to a few kB: the declared size is what gets it refused.
    const bomb = zipSync({ "a.npy": [new Uint8Array(20 * 1024 * 1024), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100_000);
    expect(problemOf(() => decodeNpz(bomb)).kind).toBe("too_large");
  });

  it.each([
    ["a text file", new TextEncoder().encode("hello"), /does not start with/],
    ["an unsupported version", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4), 9), /version 9\.0/],
    ["a header without a shape", npy("{'descr': '<f4', 'fortran_order': False, }"), /lacks descr, fortran_order or shape/],
    ["a shape that is not sizes", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (a, 2), }"), /is not a tuple of sizes/],
    ["too few data bytes", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(4)), /needs 8 bytes of data, the file has 4/],
    ["too many data bytes", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)), /needs 4 bytes of data, the file has 8/],
  ])("refuses an entry that is %s, naming the array", (_, entry, detail) => {
    const problem = problemOf(() => decodeNpz(zip({ "w.npy": entry })));
    expect(problem).toMatchObject({ kind: "not_npy", name: "w" });
    expect((problem as { detail: string }).detail).toMatch(detail);
  });

  it.each([
    ["<i4", "<i4"],
    ["complex", "<c8"],
    ["bool", "|b1"],
    ["a structured dtype", "a structured dtype"],
  ])("refuses %s values as not floats", (_, dtype) => {
    const descr = dtype === "a structured dtype" ? "'descr': [('x', '<f4')]" : `'descr': '${dtype}'`;
    const problem = problemOf(() => decodeNpz(zip({ "w.npy": npy(`{${descr}, 'fortran_order': False, 'shape': (0,), }`) })));
    expect(problem).toEqual({ kind: "not_float", name: "w", dtype });
  });

  it("keeps non-finite values for the model check, which knows their place", () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setFloat32(4, NaN, true);
    const arrays = decodeNpz(zip({ "w.npy": npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data) }));
    expect(Number.isNaN(arrays.get("w")!.data[1])).toBe(true);
  });
});

describe("decodeNpy", () => {
  it("reads a scalar array", () => {
    const data = new Uint8Array(4);
    new DataView(data.buffer).setFloat32(0, 2.5, true);
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (), }".padEnd(117) + "\n";
    const bytes = new Uint8Array(128 + 4);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
    for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
    bytes.set(data, 128);
    expect(decodeNpy(bytes, "s")).toEqual({ shape: [], data: Float32Array.of(2.5) });
  });
});

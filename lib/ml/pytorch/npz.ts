/**
 * NumPy's `.npz`: a zip archive with one `<name>.npy` per array, as `np.savez` writes it (stored, no
 * compression) and `np.load` reads it. Reading also takes `np.savez_compressed` (deflate) and numpy's zip64
 * local headers. The zip itself is fflate's (small, maintained, no dependencies).
 *
 * Reading is bounded before anything is inflated: the archive's size, each entry's declared size (and fflate
 * inflates into a buffer of exactly that size, so a lying entry cannot grow past it), and the number of entries.
 */
import { unzipSync, zipSync, type Zippable } from "fflate";
import { decodeNpy, encodeNpy, type NpyArray } from "./npy";
import { NpzError } from "./problems";

/**
 * The largest model the app trains (3 LSTM layers of 256 units) is 1.3 M parameters: 5.3 MB as float32, 10.6 MB
 * as float64. Anything past these bounds is not one of our models.
 */
export const NPZ_MAX_BYTES = 12 * 1024 * 1024;
const ENTRY_MAX_BYTES = 12 * 1024 * 1024;
const TOTAL_MAX_BYTES = 16 * 1024 * 1024;
/** 3 layers × 4 + 2 arrays is 14; a few more lets the "unexpected arrays" message name them. */
const MAX_ENTRIES = 64;

/** Zip timestamps are local date and time from 1980 on; a fixed one keeps the files byte-for-byte reproducible. */
export const ZIP_EPOCH = new Date(1980, 0, 1);

export function encodeNpz(arrays: ReadonlyMap<string, NpyArray>, mtime: Date = ZIP_EPOCH): Uint8Array {
  const files: Zippable = {};
  for (const [name, array] of arrays) files[`${name}.npy`] = [encodeNpy(array), { level: 0 }];
  return zipSync(files, { mtime });
}

/** The arrays of an `.npz`, keyed as `np.load(...)` keys them (entry name without ".npy"), in archive order. */
export function decodeNpz(bytes: Uint8Array): Map<string, NpyArray> {
  if (bytes.length > NPZ_MAX_BYTES) throw new NpzError({ kind: "too_large", bytes: bytes.length, maxBytes: NPZ_MAX_BYTES });
  // Local file header or, for an archive with no arrays at all, the end-of-central-directory record.
  const signature = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) : 0;
  if (signature !== 0x04034b50 && signature !== 0x06054b50) throw new NpzError({ kind: "not_zip" });
  let tooLarge: NpzError | null = null;
  let entries = 0;
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries++;
        total += file.originalSize;
        if (file.originalSize > ENTRY_MAX_BYTES || total > TOTAL_MAX_BYTES || entries > MAX_ENTRIES) {
          tooLarge ??= new NpzError({ kind: "too_large", bytes: total, maxBytes: TOTAL_MAX_BYTES });
          return false;
        }
        return true;
      },
    });
  } catch {
    throw new NpzError({ kind: "not_zip" });
  }
  if (tooLarge) throw tooLarge;
  const arrays = new Map<string, NpyArray>();
  for (const [entry, data] of Object.entries(files)) {
    const name = entry.endsWith(".npy") ? entry.slice(0, -4) : entry;
    arrays.set(name, decodeNpy(data, name));
  }
  return arrays;
}

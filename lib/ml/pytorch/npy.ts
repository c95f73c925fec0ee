/**
 * NumPy's `.npy` format (numpy/lib/format.py, NEP 1): the magic "\x93NUMPY", a version, a header length, an
 * ASCII header holding a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (4, 1), }`
 * padded with spaces and a final newline so the data starts on a 64-byte boundary, then the raw values.
 *
 * We write version 1.0, little-endian float32 (`<f4`), C order: what `np.save` writes for a float32 array and
 * what `torch.from_numpy` takes as is. We read versions 1.0–3.0 and any floating-point dtype (float16/32/64,
 * either byte order, C or Fortran order), since `v.numpy()` of a PyTorch model converted to double or half is
 * still a sensible upload; values are converted to float32 for the engine. Nothing is ever unpickled: object
 * arrays are refused like any other non-float dtype.
 */
import { NpzError, pythonShape } from "./problems";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy's ARRAY_ALIGN: the header is padded so the data starts at a multiple of 64 bytes. */
const ARRAY_ALIGN = 64;
/** A version 1.0 header length is a uint16. */
const V1_MAX_HEADER = 0xffff;
/** Far above any header of ours or numpy's (≈ 128 bytes), small enough never to matter. */
const MAX_HEADER_BYTES = 4096;
/** More dimensions than any parameter of ours has; the shape check names the expected ones. */
const MAX_DIMENSIONS = 8;

export interface NpyArray {
  shape: number[];
  /** Values in C (row-major) order. */
  data: Float32Array;
}

export function encodeNpy(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) throw new RangeError(`shape ${pythonShape(array.shape)} needs ${count} values, got ${array.data.length}`);
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${pythonShape(array.shape)}, }`;
  // 6 magic + 2 version + 2 header length, then the dict, spaces, and "\n" up to the alignment.
  const preamble = 10;
  const headerLength = Math.ceil((preamble + dict.length + 1) / ARRAY_ALIGN) * ARRAY_ALIGN - preamble;
  if (headerLength > V1_MAX_HEADER) throw new RangeError("npy header too long for version 1.0");
  const header = `${dict}${" ".repeat(headerLength - dict.length - 1)}\n`;
  const bytes = new Uint8Array(preamble + headerLength + 4 * count);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  view.setUint16(8, headerLength, true);
  for (let i = 0; i < header.length; i++) bytes[preamble + i] = header.charCodeAt(i);
  let offset = preamble + headerLength;
  for (let i = 0; i < count; i++, offset += 4) view.setFloat32(offset, array.data[i] as number, true);
  return bytes;
}

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

const notNpy = (name: string, detail: string) => new NpzError({ kind: "not_npy", name, detail });

/** Parses the header dict: exactly the three keys numpy writes, in any order, with Python literal syntax. */
function parseHeader(text: string, name: string): Header {
  const body = text.trim().match(/^\{(.*)\}$/s)?.[1];
  if (body === undefined) throw notNpy(name, "its header is not a dictionary");
  const descr = body.match(/'descr'\s*:\s*'([^']*)'/)?.[1];
  const fortran = body.match(/'fortran_order'\s*:\s*(True|False)/)?.[1];
  const shapeText = body.match(/'shape'\s*:\s*\(([^)]*)\)/)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    // A structured dtype's descr is a list, not a string: that is also "not floats", but name it as numpy would.
    if (/'descr'\s*:\s*\[/.test(body)) throw new NpzError({ kind: "not_float", name, dtype: "a structured dtype" });
    throw notNpy(name, "its header lacks descr, fortran_order or shape");
  }
  const parts = shapeText.split(",").map((p) => p.trim());
  if (parts.at(-1) === "") parts.pop();
  if (parts.length > MAX_DIMENSIONS || !parts.every((p) => /^\d{1,9}$/.test(p))) throw notNpy(name, `its shape (${shapeText}) is not a tuple of sizes`);
  return { descr, fortranOrder: fortran === "True", shape: parts.map(Number) };
}

type Reader = (view: DataView, offset: number) => number;

/** Readers for floating-point dtypes: '<' little, '>' big, '=' native (numpy writes '<' or '>' itself). */
function floatReader(descr: string): { size: number; read: Reader } | null {
  const match = descr.match(/^([<>=|])f(2|4|8)$/);
  if (!match) return null;
  const little = match[1] !== ">";
  switch (match[2]) {
    case "2":
      return { size: 2, read: (v, o) => halfToFloat(v.getUint16(o, little)) };
    case "4":
      return { size: 4, read: (v, o) => v.getFloat32(o, little) };
    default:
      return { size: 8, read: (v, o) => v.getFloat64(o, little) };
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Reads one `.npy` file as float32 in C order. Refuses (NpzError) anything that is not a complete, consistent
 * array of floats; non-finite values are left to the caller, which knows the array's name in the model.
 */
export function decodeNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw notNpy(name, 'it does not start with "\\x93NUMPY"');
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw notNpy(name, "it is truncated");
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    throw notNpy(name, `format version ${major}.${bytes[7]} is not supported`);
  }
  if (headerLength > MAX_HEADER_BYTES || headerStart + headerLength > bytes.length) throw notNpy(name, "its header does not fit in the file");
  const headerBytes = bytes.subarray(headerStart, headerStart + headerLength);
  let headerText: string;
  try {
    // Version 3.0 allows UTF-8 (for field names); 1.0 and 2.0 are latin-1, which ASCII headers satisfy either way.
    headerText = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    throw notNpy(name, "its header is not text");
  }
  const header = parseHeader(headerText, name);
  const reader = floatReader(header.descr);
  if (!reader) throw new NpzError({ kind: "not_float", name, dtype: header.descr });
  const count = header.shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  const expectedBytes = count * reader.size;
  if (bytes.length - dataStart !== expectedBytes) {
    throw notNpy(name, `shape ${pythonShape(header.shape)} needs ${expectedBytes} bytes of data, the file has ${bytes.length - dataStart}`);
  }
  const stored = new Float32Array(count);
  for (let i = 0, o = dataStart; i < count; i++, o += reader.size) stored[i] = reader.read(view, o);
  return { shape: header.shape, data: header.fortranOrder ? fortranToC(stored, header.shape) : stored };
}

/** Reorders column-major values (first index fastest) to row-major (last index fastest). */
function fortranToC(values: Float32Array, shape: readonly number[]): Float32Array {
  if (shape.length < 2) return values;
  const out = new Float32Array(values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < values.length; c++) {
    let f = 0;
    let stride = 1;
    for (let d = 0; d < shape.length; d++) {
      f += (index[d] as number) * stride;
      stride *= shape[d] as number;
    }
    out[c] = values[f] as number;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * The weight file: a compact, versioned binary that a student's browser uploads and the server scores.
 *
 *   offset  size  content
 *   0       4     magic "LRWT"
 *   4       2     format version (uint16, little-endian)
 *   6       2     reserved, 0
 *   8       4     header length in bytes (uint32 LE)
 *   12      n     header: UTF-8 JSON { config: TrainingConfig, params: [{ name, shape }] }
 *   …       0–3   zero padding to a multiple of 4
 *   …       4·k   parameter values, float32 LE, in header order
 *   end−4   4     CRC-32 of every preceding byte (uint32 LE)
 *
 * Decoding checks everything (magic, version, checksum, header schema, the parameter list against the
 * architecture in the config, sizes, finite values) before returning anything, so a damaged or foreign file is
 * rejected with a clear message and never half-loaded.
 */
import { z } from "zod";
import { describeIssues, TrainingConfigSchema, type TrainingConfig } from "./config";
import type { RecurrentLayerFn } from "./recurrent";
import {
  checkParamValues,
  createModel,
  describeArchitecture,
  parameterSpecs,
  sizeOf,
  type ParamValues,
  type RecurrentModel,
} from "./model";

export const WEIGHTS_MAGIC = "LRWT";
export const WEIGHTS_FORMAT_VERSION = 1;
const PREAMBLE_BYTES = 12;
const CHECKSUM_BYTES = 4;
/** Far above any valid header (a config and at most 3·4+2 parameter entries), far below anything harmful. */
const MAX_HEADER_BYTES = 64 * 1024;

export class WeightFileError extends Error {
  override name = "WeightFileError";
}

const HeaderSchema = z.strictObject({
  config: z.unknown(),
  params: z.array(z.strictObject({ name: z.string(), shape: z.array(z.number().int().nonnegative()) })),
});

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as in zip and PNG). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface WeightFile {
  config: TrainingConfig;
  params: ParamValues;
}

export function encodeWeights(config: TrainingConfig, params: Readonly<Record<string, ArrayLike<number>>>): Uint8Array {
  const parsedConfig = TrainingConfigSchema.parse(config);
  checkParamValues(parsedConfig.model, params);
  const specs = parameterSpecs(parsedConfig.model);
  const header = new TextEncoder().encode(JSON.stringify({ config: parsedConfig, params: specs }));
  const dataOffset = align4(PREAMBLE_BYTES + header.length);
  const floatCount = specs.reduce((n, s) => n + sizeOf(s.shape), 0);
  const total = dataOffset + 4 * floatCount + CHECKSUM_BYTES;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(WEIGHTS_MAGIC), 0);
  view.setUint16(4, WEIGHTS_FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, PREAMBLE_BYTES);
  let offset = dataOffset;
  for (const { name } of specs) {
    const values = params[name] as ArrayLike<number>;
    for (let i = 0; i < values.length; i++, offset += 4) view.setFloat32(offset, values[i] as number, true);
  }
  view.setUint32(offset, crc32(bytes.subarray(0, offset)), true);
  return bytes;
}

export function encodeModelWeights(model: RecurrentModel, config: TrainingConfig): Uint8Array {
  if (!sameArchitecture(model.config, config.model)) {
    throw new WeightFileError(`the config describes a ${describeArchitecture(config.model)}, the model is a ${describeArchitecture(model.config)}`);
  }
  return encodeWeights(config, model.readParams());
}

const align4 = (n: number) => (n + 3) & ~3;

export function decodeWeights(input: ArrayBuffer | Uint8Array): WeightFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < PREAMBLE_BYTES + CHECKSUM_BYTES) {
    throw new WeightFileError(`not a weight file: ${bytes.length} bytes is too short`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== WEIGHTS_MAGIC) {
    throw new WeightFileError(`not a weight file: it does not start with "${WEIGHTS_MAGIC}"`);
  }
  const version = view.getUint16(4, true);
  if (version !== WEIGHTS_FORMAT_VERSION) {
    throw new WeightFileError(`unsupported weight file version ${version} (this app reads version ${WEIGHTS_FORMAT_VERSION})`);
  }
  const stored = view.getUint32(bytes.length - CHECKSUM_BYTES, true);
  if (crc32(bytes.subarray(0, bytes.length - CHECKSUM_BYTES)) !== stored) {
    throw new WeightFileError("the weight file is corrupted (checksum mismatch)");
  }
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || PREAMBLE_BYTES + headerLength > bytes.length - CHECKSUM_BYTES) {
    throw new WeightFileError(`the weight file is corrupted (header length ${headerLength} does not fit)`);
  }
  let header: z.infer<typeof HeaderSchema>;
  try {
    header = HeaderSchema.parse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength))));
  } catch {
    throw new WeightFileError("the weight file is corrupted (unreadable header)");
  }
  const configResult = TrainingConfigSchema.safeParse(header.config);
  if (!configResult.success) {
    throw new WeightFileError(`the weight file's configuration is invalid: ${describeIssues(configResult.error).join("; ")}`);
  }
  const config = configResult.data;
  const specs = parameterSpecs(config.model);
  const listed = header.params.map((p) => `${p.name}[${p.shape.join(",")}]`).join(" ");
  const expected = specs.map((p) => `${p.name}[${p.shape.join(",")}]`).join(" ");
  if (listed !== expected) {
    throw new WeightFileError(`the weight file's parameter list does not match its ${describeArchitecture(config.model)}`);
  }
  const dataOffset = align4(PREAMBLE_BYTES + headerLength);
  const floatCount = specs.reduce((n, s) => n + sizeOf(s.shape), 0);
  if (dataOffset + 4 * floatCount + CHECKSUM_BYTES !== bytes.length) {
    throw new WeightFileError(`the weight file has ${bytes.length} bytes, its header describes ${dataOffset + 4 * floatCount + CHECKSUM_BYTES}`);
  }
  const params: ParamValues = {};
  let offset = dataOffset;
  for (const { name, shape } of specs) {
    const values = new Float32Array(sizeOf(shape));
    for (let i = 0; i < values.length; i++, offset += 4) values[i] = view.getFloat32(offset, true);
    params[name] = values;
  }
  try {
    checkParamValues(config.model, params);
  } catch (error) {
    throw new WeightFileError(`the weight file holds unusable values: ${(error as Error).message}`);
  }
  return { config, params };
}

export function sameArchitecture(a: TrainingConfig["model"], b: TrainingConfig["model"]): boolean {
  // The nonlinearity only changes an RNN; LSTM and GRU ignore it.
  return a.cell === b.cell && a.layers === b.layers && a.hidden === b.hidden && (a.cell !== "RNN" || a.nonlinearity === b.nonlinearity);
}

/**
 * Loads a weight file into an existing model. The file is fully decoded and its architecture compared first:
 * on any problem the model keeps its current weights.
 */
export function loadWeightsInto(model: RecurrentModel, input: ArrayBuffer | Uint8Array): WeightFile {
  const file = decodeWeights(input);
  if (!sameArchitecture(file.config.model, model.config)) {
    throw new WeightFileError(
      `this weight file is for a ${describeArchitecture(file.config.model)}, but the model is a ${describeArchitecture(model.config)}`,
    );
  }
  model.writeParams(file.params);
  return file;
}

/**
 * A model built from a weight file, ready for evaluation without any training state (the server's scorer).
 * The caller disposes the model.
 */
export function modelFromWeights(input: ArrayBuffer | Uint8Array, layer: RecurrentLayerFn): { model: RecurrentModel; config: TrainingConfig } {
  const file = decodeWeights(input);
  return { model: createModel(file.config.model, { layer, initialValues: file.params }), config: file.config };
}

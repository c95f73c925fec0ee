import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withOverrides, type TrainingConfig } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { createModel, type RecurrentModel } from "@/lib/ml/model";
import { crc32, decodeWeights, encodeModelWeights, loadWeightsInto, WEIGHTS_FORMAT_VERSION, WeightFileError } from "@/lib/ml/weights-format";

const layer = OPS_IMPLEMENTATION.layer;
const config: TrainingConfig = withOverrides({ model: { cell: "GRU", layers: 2, hidden: 6 }, optimizer: { kind: "adam" }, window: 12 });
const models: RecurrentModel[] = [];
const track = (m: RecurrentModel) => (models.push(m), m);

beforeAll(() => tf.setBackend("cpu"));
afterEach(() => models.splice(0).forEach((m) => m.dispose()));

/** Rewrites the checksum so a deliberate edit passes the CRC and reaches the deeper checks. */
function resign(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function editHeader(bytes: Uint8Array, edit: (header: { config: TrainingConfig; params: unknown[] }) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  edit(header);
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  // Same length keeps the data offset: pad with spaces (valid JSON whitespace) or fail loudly.
  if (encoded.length > length) throw new Error("edited header must not grow");
  const out = bytes.slice();
  out.set(encoded, 12);
  out.fill(0x20, 12 + encoded.length, 12 + length);
  return resign(out);
}

describe("weight files", () => {
  it("round-trip the config and every float32 exactly", () => {
    const model = track(createModel(config.model, { layer, seed: 5 }));
    const bytes = encodeModelWeights(model, config);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("LRWT");
    const file = decodeWeights(bytes);
    expect(file.config).toEqual(config);
    expect(file.params).toEqual(model.readParams());
    const copy = track(createModel(config.model, { layer, seed: 6 }));
    loadWeightsInto(copy, bytes.buffer as ArrayBuffer);
    expect(copy.readParams()).toEqual(model.readParams());
  });

  it("are compact: a header plus 4 bytes per parameter", () => {
    const model = track(createModel(config.model, { layer, seed: 5 }));
    const count = Object.values(model.readParams()).reduce((n, v) => n + v.length, 0);
    const bytes = encodeModelWeights(model, config);
    expect(bytes.length - 4 * count).toBeLessThan(1024);
  });

  describe("reject damaged or foreign files with a clear error and load nothing", () => {
    const expectRejected = (bytes: Uint8Array, message: RegExp) => {
      const target = track(createModel(config.model, { layer, seed: 9 }));
      const before = target.readParams();
      expect(() => loadWeightsInto(target, bytes)).toThrow(WeightFileError);
      expect(() => loadWeightsInto(target, bytes)).toThrow(message);
      expect(target.readParams()).toEqual(before);
    };
    const good = () => encodeModelWeights(track(createModel(config.model, { layer, seed: 5 })), config);

    it("a flipped bit anywhere", () => {
      const bytes = good();
      for (const offset of [20, Math.floor(bytes.length / 2), bytes.length - 10]) {
        const damaged = bytes.slice();
        damaged[offset]! ^= 0x04;
        expectRejected(damaged, /corrupted \(checksum mismatch\)/);
      }
    });

    it("a truncated file", () => {
      expectRejected(good().subarray(0, 200), /checksum mismatch/);
      expectRejected(good().subarray(0, 10), /too short/);
      const bytes = good();
      expectRejected(resign(bytes.subarray(0, bytes.length - 100)), new RegExp(`has ${bytes.length - 100} bytes, its header describes ${bytes.length}`));
    });

    it("something that is not a weight file", () => {
      expectRejected(new TextEncoder().encode("PK\u0003\u0004 this is a zip file, not weights"), /does not start with "LRWT"/);
    });

    it("a newer format version", () => {
      const bytes = good();
      new DataView(bytes.buffer).setUint16(4, WEIGHTS_FORMAT_VERSION + 1, true);
      expectRejected(resign(bytes), /unsupported weight file version 2/);
    });

    it("an unreadable header", () => {
      const bytes = good();
      bytes[12] = 0x7b + 1; // "{" → "|"
      expectRejected(resign(bytes), /unreadable header/);
    });

    it("a header whose config is out of limits", () => {
      expectRejected(editHeader(good(), (h) => (h.config.model.hidden = 0)), /configuration is invalid: model.hidden/);
    });

    it("a header whose parameter list does not match its architecture", () => {
      expectRejected(editHeader(good(), (h) => h.params.reverse()), /parameter list does not match its 2-layer GRU with hidden size 6/);
    });

    it("non-finite weights", () => {
      const bytes = good();
      new DataView(bytes.buffer).setFloat32(bytes.length - 8, Number.NaN, true);
      expectRejected(resign(bytes), /unusable values: parameter output.bias holds a non-finite value/);
    });

    it("a file for another architecture", () => {
      const other = withOverrides({ model: { cell: "LSTM", layers: 1, hidden: 6 } });
      const bytes = encodeModelWeights(track(createModel(other.model, { layer, seed: 1 })), other);
      expectRejected(bytes, /this weight file is for a 1-layer LSTM with hidden size 6, but the model is a 2-layer GRU with hidden size 6/);
    });

    it("an RNN file with the other nonlinearity", () => {
      const tanh = withOverrides({ model: { cell: "RNN", nonlinearity: "tanh", hidden: 4 } });
      const relu = withOverrides({ model: { cell: "RNN", nonlinearity: "relu", hidden: 4 } });
      const target = track(createModel(relu.model, { layer, seed: 2 }));
      const before = target.readParams();
      expect(() => loadWeightsInto(target, encodeModelWeights(track(createModel(tanh.model, { layer, seed: 1 })), tanh))).toThrow(/RNN \(tanh\).*RNN \(relu\)/);
      expect(target.readParams()).toEqual(before);
    });
  });

  it("refuses to write weights under a config for another architecture", () => {
    const model = track(createModel(config.model, { layer, seed: 5 }));
    expect(() => encodeModelWeights(model, withOverrides({ model: { hidden: 7 } }))).toThrow(/describes a 1-layer RNN \(tanh\) with hidden size 7/);
  });

  it("crc32 is the standard one", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});

/**
 * The recurrent kernels in plain JavaScript: the fallback where WebAssembly is unavailable, and the readable
 * statement of the algorithm the AssemblyScript kernels (`assembly/kernels.ts`) implement with the same layout.
 *
 * A layer call is a few matrix products over whole sequences (the input projection before the recurrence, the
 * weight gradients after it) plus one small product per time step for the recurrence itself; gate math runs in a
 * single pass per step. Sums are accumulated in float64 (JS numbers) and stored as float32.
 */
import { GATE_COUNT } from "../recurrent";
import type { BackwardLayout, LayerDims, RecurrentKernels, SlotLayout } from "./layout";

/**
 * C[i][j] += Σ_p A(i,p)·Bm[p][j] for i < m, j < n, p < k, all inside heap `h`.
 * A(i,p) = h[a + i·aRow + p·aCol] (so A may be read transposed), Bm[p][j] = h[b + p·ldb + j], C[i][j] = h[c + i·ldc + j].
 * Blocks of 4×4 outputs keep 16 sums in registers while the shared dimension streams by.
 */
export function gemm(
  h: Float32Array,
  m: number,
  n: number,
  k: number,
  a: number,
  aRow: number,
  aCol: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + i * aRow;
    const a1 = a0 + aRow;
    const a2 = a1 + aRow;
    const a3 = a2 + aRow;
    const c0 = c + i * ldc;
    const c1 = c0 + ldc;
    const c2 = c1 + ldc;
    const c3 = c2 + ldc;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0, bp = b + j, ap = 0; p < k; p++, bp += ldb, ap += aCol) {
        const b0 = h[bp]!, b1 = h[bp + 1]!, b2 = h[bp + 2]!, b3 = h[bp + 3]!;
        const x0 = h[a0 + ap]!, x1 = h[a1 + ap]!, x2 = h[a2 + ap]!, x3 = h[a3 + ap]!;
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
      }
      h[c0 + j] = h[c0 + j]! + s00; h[c0 + j + 1] = h[c0 + j + 1]! + s01; h[c0 + j + 2] = h[c0 + j + 2]! + s02; h[c0 + j + 3] = h[c0 + j + 3]! + s03;
      h[c1 + j] = h[c1 + j]! + s10; h[c1 + j + 1] = h[c1 + j + 1]! + s11; h[c1 + j + 2] = h[c1 + j + 2]! + s12; h[c1 + j + 3] = h[c1 + j + 3]! + s13;
      h[c2 + j] = h[c2 + j]! + s20; h[c2 + j + 1] = h[c2 + j + 1]! + s21; h[c2 + j + 2] = h[c2 + j + 2]! + s22; h[c2 + j + 3] = h[c2 + j + 3]! + s23;
      h[c3 + j] = h[c3 + j]! + s30; h[c3 + j + 1] = h[c3 + j + 1]! + s31; h[c3 + j + 2] = h[c3 + j + 2]! + s32; h[c3 + j + 3] = h[c3 + j + 3]! + s33;
    }
    for (; j < n; j++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, bp = b + j, ap = 0; p < k; p++, bp += ldb, ap += aCol) {
        const bv = h[bp]!;
        s0 += h[a0 + ap]! * bv;
        s1 += h[a1 + ap]! * bv;
        s2 += h[a2 + ap]! * bv;
        s3 += h[a3 + ap]! * bv;
      }
      h[c0 + j] = h[c0 + j]! + s0; h[c1 + j] = h[c1 + j]! + s1; h[c2 + j] = h[c2 + j]! + s2; h[c3 + j] = h[c3 + j]! + s3;
    }
  }
  for (; i < m; i++) {
    const a0 = a + i * aRow;
    const c0 = c + i * ldc;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, bp = b + j, ap = a0; p < k; p++, bp += ldb, ap += aCol) {
        const x = h[ap]!;
        s0 += x * h[bp]!;
        s1 += x * h[bp + 1]!;
        s2 += x * h[bp + 2]!;
        s3 += x * h[bp + 3]!;
      }
      h[c0 + j] = h[c0 + j]! + s0; h[c0 + j + 1] = h[c0 + j + 1]! + s1; h[c0 + j + 2] = h[c0 + j + 2]! + s2; h[c0 + j + 3] = h[c0 + j + 3]! + s3;
    }
    for (; j < n; j++) {
      let s = 0;
      for (let p = 0, bp = b + j, ap = a0; p < k; p++, bp += ldb, ap += aCol) s += h[ap]! * h[bp]!;
      h[c0 + j] = h[c0 + j]! + s;
    }
  }
}

/** dst[c][r] = src[r][c] for a rows×cols matrix. */
function transpose(h: Float32Array, src: number, rows: number, cols: number, dst: number): void {
  for (let r = 0; r < rows; r++) {
    const s = src + r * cols;
    for (let c = 0; c < cols; c++) h[dst + c * rows + r] = h[s + c]!;
  }
}

/** [A][B][C] → [B][A][C]: swaps the batch and time axes of a sequence tensor. */
function swapOuterAxes(h: Float32Array, src: number, outer: number, inner: number, width: number, dst: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const s = src + (o * inner + i) * width;
      const t = dst + (i * outer + o) * width;
      for (let w = 0; w < width; w++) h[t + w] = h[s + w]!;
    }
  }
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function forward(h: Float32Array, d: LayerDims, s: SlotLayout): void {
  const { cell, relu, batch: B, steps: T, inputSize: I, hiddenSize: H } = d;
  const N = GATE_COUNT[cell] * H;
  const BH = B * H;
  const BN = B * N;

  transpose(h, s.weightHh, N, H, s.weightHhT);
  transpose(h, s.weightIh, N, I, s.weightIhT);
  swapOuterAxes(h, s.x, B, T, I, s.xT);

  // Input projection of every step at once, on top of the biases. The hidden-side bias of the GRU's n gate stays
  // out: it sits inside r·(W_hn h + b_hn).
  const foldedHidden = cell === "GRU" ? 2 * H : N;
  for (let row = 0; row < T * B; row++) {
    const g = s.gates + row * N;
    for (let j = 0; j < N; j++) h[g + j] = h[s.biasIh + j]! + (j < foldedHidden ? h[s.biasHh + j]! : 0);
  }
  gemm(h, T * B, N, I, s.xT, I, 1, s.weightIhT, N, s.gates, N);

  h.fill(0, s.hs, s.hs + BH);
  if (cell === "LSTM") h.fill(0, s.cs, s.cs + BH);

  for (let t = 0; t < T; t++) {
    const g = s.gates + t * BN;
    const hPrev = s.hs + t * BH;
    const hNext = hPrev + BH;
    const aux = s.aux + t * BH;
    if (cell === "GRU") {
      for (let r = 0; r < B; r++) h.set(h.subarray(s.biasHh + 2 * H, s.biasHh + 3 * H), aux + r * H);
      if (t > 0) {
        gemm(h, B, 2 * H, H, hPrev, H, 1, s.weightHhT, N, g, N);
        gemm(h, B, H, H, hPrev, H, 1, s.weightHhT + 2 * H, N, aux, H);
      }
    } else if (t > 0) {
      gemm(h, B, N, H, hPrev, H, 1, s.weightHhT, N, g, N);
    }
    for (let b = 0; b < B; b++) {
      const gb = g + b * N;
      const hp = hPrev + b * H;
      const hn = hNext + b * H;
      const o = s.out + (b * T + t) * H;
      if (cell === "RNN") {
        for (let j = 0; j < H; j++) {
          const v = h[gb + j]!;
          const y = relu ? (v > 0 ? v : 0) : Math.tanh(v);
          h[gb + j] = y;
          h[hn + j] = y;
          h[o + j] = y;
        }
      } else if (cell === "LSTM") {
        const cp = s.cs + t * BH + b * H;
        const cn = cp + BH;
        const ab = aux + b * H;
        for (let j = 0; j < H; j++) {
          const ig = sigmoid(h[gb + j]!);
          const fg = sigmoid(h[gb + H + j]!);
          const gg = Math.tanh(h[gb + 2 * H + j]!);
          const og = sigmoid(h[gb + 3 * H + j]!);
          h[gb + j] = ig;
          h[gb + H + j] = fg;
          h[gb + 2 * H + j] = gg;
          h[gb + 3 * H + j] = og;
          const c = fg * h[cp + j]! + ig * gg;
          h[cn + j] = c;
          const tc = Math.tanh(h[cn + j]!);
          h[ab + j] = tc;
          const y = og * tc;
          h[hn + j] = y;
          h[o + j] = y;
        }
      } else {
        const ab = aux + b * H;
        for (let j = 0; j < H; j++) {
          const r = sigmoid(h[gb + j]!);
          const z = sigmoid(h[gb + H + j]!);
          const n = Math.tanh(h[gb + 2 * H + j]! + r * h[ab + j]!);
          h[gb + j] = r;
          h[gb + H + j] = z;
          h[gb + 2 * H + j] = n;
          const y = (1 - z) * n + z * h[hp + j]!;
          h[hn + j] = y;
          h[o + j] = y;
        }
      }
    }
  }
}

function backward(h: Float32Array, d: LayerDims, s: SlotLayout, g: BackwardLayout): void {
  const { cell, relu, batch: B, steps: T, inputSize: I, hiddenSize: H } = d;
  const N = GATE_COUNT[cell] * H;
  const BH = B * H;
  const BN = B * N;
  const dHiddenAll = cell === "GRU" ? g.dHidden : g.dGates;

  h.fill(0, g.dh, g.dh + BH);
  h.fill(0, g.dc, g.dc + BH);
  for (let t = T - 1; t >= 0; t--) {
    const gt = s.gates + t * BN;
    const dg = g.dGates + t * BN;
    const dhh = dHiddenAll + t * BN;
    for (let b = 0; b < B; b++) {
      const gb = gt + b * N;
      const dgb = dg + b * N;
      const dhb = g.dh + b * H;
      const dyb = g.dy + (b * T + t) * H;
      if (cell === "RNN") {
        for (let j = 0; j < H; j++) {
          const y = h[gb + j]!;
          const dyTotal = h[dyb + j]! + h[dhb + j]!;
          h[dgb + j] = relu ? (y > 0 ? dyTotal : 0) : dyTotal * (1 - y * y);
        }
      } else if (cell === "LSTM") {
        const cp = s.cs + t * BH + b * H;
        const ab = s.aux + t * BH + b * H;
        const dcb = g.dc + b * H;
        for (let j = 0; j < H; j++) {
          const dyTotal = h[dyb + j]! + h[dhb + j]!;
          const ig = h[gb + j]!, fg = h[gb + H + j]!, gg = h[gb + 2 * H + j]!, og = h[gb + 3 * H + j]!;
          const tc = h[ab + j]!;
          const dcTotal = dyTotal * og * (1 - tc * tc) + h[dcb + j]!;
          h[dgb + j] = dcTotal * gg * ig * (1 - ig);
          h[dgb + H + j] = dcTotal * h[cp + j]! * fg * (1 - fg);
          h[dgb + 2 * H + j] = dcTotal * ig * (1 - gg * gg);
          h[dgb + 3 * H + j] = dyTotal * tc * og * (1 - og);
          h[dcb + j] = dcTotal * fg;
        }
      } else {
        const hp = s.hs + t * BH + b * H;
        const ab = s.aux + t * BH + b * H;
        const dhhb = dhh + b * N;
        for (let j = 0; j < H; j++) {
          const dyTotal = h[dyb + j]! + h[dhb + j]!;
          const r = h[gb + j]!, z = h[gb + H + j]!, n = h[gb + 2 * H + j]!;
          const dn = dyTotal * (1 - z) * (1 - n * n);
          const dr = dn * h[ab + j]! * r * (1 - r);
          const dz = dyTotal * (h[hp + j]! - n) * z * (1 - z);
          h[dgb + j] = dr;
          h[dgb + H + j] = dz;
          h[dgb + 2 * H + j] = dn;
          h[dhhb + j] = dr;
          h[dhhb + H + j] = dz;
          h[dhhb + 2 * H + j] = dn * r;
          // The direct path h_{t-1} → h_t through z; the matrix path is added by the product below.
          h[dhb + j] = dyTotal * z;
        }
      }
    }
    // Gradient flowing into h_{t-1}: dHidden_t · W_hh.
    if (cell !== "GRU") h.fill(0, g.dh, g.dh + BH);
    if (t > 0) gemm(h, B, H, N, dhh, N, 1, s.weightHh, H, g.dh, H);
  }

  // Weight gradients over all steps at once: rows of step 0 meet h_{-1} = 0, so they are skipped.
  h.fill(0, g.dWeightHh, g.dWeightHh + N * H);
  if (T > 1) gemm(h, N, H, (T - 1) * B, dHiddenAll + BN, 1, N, s.hs + BH, H, g.dWeightHh, H);
  h.fill(0, g.dWeightIh, g.dWeightIh + N * I);
  gemm(h, N, I, T * B, g.dGates, 1, N, s.xT, I, g.dWeightIh, I);
  columnSums(h, g.dGates, T * B, N, g.dBiasIh);
  columnSums(h, dHiddenAll, T * B, N, g.dBiasHh);
  h.fill(0, g.dxT, g.dxT + T * B * I);
  gemm(h, T * B, I, N, g.dGates, N, 1, s.weightIh, I, g.dxT, I);
  swapOuterAxes(h, g.dxT, T, B, I, g.dx);
}

function columnSums(h: Float32Array, src: number, rows: number, cols: number, dst: number): void {
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let r = 0, at = src + j; r < rows; r++, at += cols) sum += h[at]!;
    h[dst + j] = sum;
  }
}

export function createJsKernels(): RecurrentKernels {
  let heap = new Float32Array(1 << 16);
  return {
    variant: "js",
    get heap() {
      return heap;
    },
    reserve(floats: number) {
      if (floats <= heap.length) return;
      const grown = new Float32Array(Math.max(floats, heap.length * 2));
      grown.set(heap);
      heap = grown;
    },
    forward: (d, s) => forward(heap, d, s),
    backward: (d, s, g) => backward(heap, d, s, g),
  };
}

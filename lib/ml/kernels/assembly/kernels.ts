// AssemblyScript source of the WebAssembly recurrent kernels (built by scripts/build-kernels-wasm.mjs, twice: with
// and without the SIMD feature; `ASC_FEATURE_SIMD` selects the code path at compile time). It is the same algorithm
// and heap layout as ../jsKernels.ts, which is the readable reference: read that first.
//
// Memory: the module exports its linear memory and never allocates. The JS side grows the memory and lays out all
// buffers (../layout.ts) above `heapBase()`; every offset argument is an index of a float32 in that heap.
//
// Numerics: float32 throughout, like PyTorch on the CPU. exp/sigmoid/tanh are Cephes-style float32 approximations
// (a few ulp), vectorised in the SIMD build.

const ONE: f32 = 1.0;
const TWO: f32 = 2.0;

const RNN: i32 = 0;
const LSTM: i32 = 1;
const GRU: i32 = 2;

const HEAP: usize = (__heap_base + 15) & ~(<usize>15);

export function heapBase(): usize {
  return HEAP;
}

@inline function at(index: i32): usize {
  return HEAP + (<usize>index << 2);
}

// ---------------------------------------------------------------------------------------------------------------
// exp, sigmoid, tanh

// exp(x) = 2^n · e^r with n = round(x / ln 2), |r| ≤ ln2 / 2, e^r by a degree-7 polynomial (Cephes expf). The input
// is clamped so that 2^n stays a normal float: the clamped tails only matter below 1e-38 relative to the results.
const EXP_HI: f32 = 88.0;
const EXP_LO: f32 = -87.0;
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;
// tanh for |x| < 0.625 by an odd polynomial (Cephes tanhf), where 1 − 2/(e^{2x}+1) would cancel.
const TANH_SMALL: f32 = 0.625;
const T0: f32 = -5.70498872745e-3;
const T1: f32 = 2.06390887954e-2;
const T2: f32 = -5.37397155531e-2;
const T3: f32 = 1.33314422036e-1;
const T4: f32 = -3.33332819422e-1;

@inline function expS(v: f32): f32 {
  const x = min<f32>(max<f32>(v, EXP_LO), EXP_HI);
  const n = nearest<f32>(x * LOG2E);
  const r = x - n * LN2_HI - n * LN2_LO;
  let p = P0;
  p = p * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  const y = p * r * r + r + ONE;
  return y * reinterpret<f32>((<i32>n + 127) << 23);
}

@inline function sigmoidS(x: f32): f32 {
  return ONE / (ONE + expS(-x));
}

@inline function tanhS(x: f32): f32 {
  if (abs<f32>(x) < TANH_SMALL) {
    const z = x * x;
    let p = T0;
    p = p * z + T1;
    p = p * z + T2;
    p = p * z + T3;
    p = p * z + T4;
    return p * z * x + x;
  }
  return ONE - TWO / (expS(x + x) + ONE);
}

@inline function expV(v: v128): v128 {
  const x = f32x4.min(f32x4.max(v, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(P0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

@inline function sigmoidV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

@inline function tanhV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const large = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(expV(f32x4.add(x, x)), one)));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(T0);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(T4));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  return v128.bitselect(small, large, f32x4.lt(f32x4.abs(x), f32x4.splat(TANH_SMALL)));
}

// a·b + c. The relaxed-SIMD build fuses it into one instruction where the CPU has FMA (one rounding instead of two:
// within the parity tolerance, and the reason that build is a separate variant).
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// ---------------------------------------------------------------------------------------------------------------
// Matrix products. C[i][j] += Σ_p A(i,p)·B[p][j]; A(i,p) at a + i·aRow + p·aCol, B[p][j] at b + p·ldb + j,
// C[i][j] at c + i·ldc + j. Pointers in bytes here, strides in floats.

function gemm(m: i32, n: i32, k: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  if (ASC_FEATURE_SIMD) {
    if (n >= 4) gemmRowsV(m, n, k, a, aRow, aCol, b, ldb, c, ldc);
    else if (aRow == 1) gemmColsV(m, n, k, a, aCol, b, ldb, c, ldc);
    else if (aCol == 1 && ldb == 1) gemmDotV(m, n, k, a, aRow, b, c, ldc);
    else gemmS(m, n, k, a, aRow, aCol, b, ldb, c, ldc);
  } else {
    gemmS(m, n, k, a, aRow, aCol, b, ldb, c, ldc);
  }
}

// Scalar: blocks of 4×4 sums in locals.
function gemmS(m: i32, n: i32, k: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const aR = <usize>aRow << 2;
  const aC = <usize>aCol << 2;
  const bR = <usize>ldb << 2;
  const cR = <usize>ldc << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * aR;
    const c0 = c + <usize>i * cR;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s00: f32 = 0, s01: f32 = 0, s02: f32 = 0, s03: f32 = 0;
      let s10: f32 = 0, s11: f32 = 0, s12: f32 = 0, s13: f32 = 0;
      let s20: f32 = 0, s21: f32 = 0, s22: f32 = 0, s23: f32 = 0;
      let s30: f32 = 0, s31: f32 = 0, s32: f32 = 0, s33: f32 = 0;
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const b0 = load<f32>(pb), b1 = load<f32>(pb, 4), b2 = load<f32>(pb, 8), b3 = load<f32>(pb, 12);
        const x0 = load<f32>(pa), x1 = load<f32>(pa + aR), x2 = load<f32>(pa + 2 * aR), x3 = load<f32>(pa + 3 * aR);
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
        pa += aC;
        pb += bR;
      }
      const q0 = c0 + (<usize>j << 2);
      const q1 = q0 + cR, q2 = q1 + cR, q3 = q2 + cR;
      store<f32>(q0, load<f32>(q0) + s00); store<f32>(q0, load<f32>(q0, 4) + s01, 4);
      store<f32>(q0, load<f32>(q0, 8) + s02, 8); store<f32>(q0, load<f32>(q0, 12) + s03, 12);
      store<f32>(q1, load<f32>(q1) + s10); store<f32>(q1, load<f32>(q1, 4) + s11, 4);
      store<f32>(q1, load<f32>(q1, 8) + s12, 8); store<f32>(q1, load<f32>(q1, 12) + s13, 12);
      store<f32>(q2, load<f32>(q2) + s20); store<f32>(q2, load<f32>(q2, 4) + s21, 4);
      store<f32>(q2, load<f32>(q2, 8) + s22, 8); store<f32>(q2, load<f32>(q2, 12) + s23, 12);
      store<f32>(q3, load<f32>(q3) + s30); store<f32>(q3, load<f32>(q3, 4) + s31, 4);
      store<f32>(q3, load<f32>(q3, 8) + s32, 8); store<f32>(q3, load<f32>(q3, 12) + s33, 12);
    }
    for (; j < n; j++) {
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const bv = load<f32>(pb);
        s0 += load<f32>(pa) * bv;
        s1 += load<f32>(pa + aR) * bv;
        s2 += load<f32>(pa + 2 * aR) * bv;
        s3 += load<f32>(pa + 3 * aR) * bv;
        pa += aC;
        pb += bR;
      }
      const q0 = c0 + (<usize>j << 2);
      store<f32>(q0, load<f32>(q0) + s0);
      store<f32>(q0 + cR, load<f32>(q0 + cR) + s1);
      store<f32>(q0 + 2 * cR, load<f32>(q0 + 2 * cR) + s2);
      store<f32>(q0 + 3 * cR, load<f32>(q0 + 3 * cR) + s3);
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize>i * aR;
    const c0 = c + <usize>i * cR;
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s += load<f32>(pa) * load<f32>(pb);
        pa += aC;
        pb += bR;
      }
      const q = c0 + (<usize>j << 2);
      store<f32>(q, load<f32>(q) + s);
    }
  }
}

// SIMD along the rows of B (j): blocks of 4 rows × 8 columns keep 8 vector sums in registers; each step of p loads
// two vectors of B and broadcasts four values of A.
function gemmRowsV(m: i32, n: i32, k: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const aR = <usize>aRow << 2;
  const aC = <usize>aCol << 2;
  const bR = <usize>ldb << 2;
  const cR = <usize>ldc << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * aR;
    const c0 = c + <usize>i * cR;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const x0 = v128.load32_splat(pa);
        const x1 = v128.load32_splat(pa + aR);
        const x2 = v128.load32_splat(pa + 2 * aR);
        const x3 = v128.load32_splat(pa + 3 * aR);
        s00 = madd(x0, b0, s00); s01 = madd(x0, b1, s01);
        s10 = madd(x1, b0, s10); s11 = madd(x1, b1, s11);
        s20 = madd(x2, b0, s20); s21 = madd(x2, b1, s21);
        s30 = madd(x3, b0, s30); s31 = madd(x3, b1, s31);
        pa += aC;
        pb += bR;
      }
      const q0 = c0 + (<usize>j << 2);
      const q1 = q0 + cR, q2 = q1 + cR, q3 = q2 + cR;
      v128.store(q0, f32x4.add(v128.load(q0), s00)); v128.store(q0, f32x4.add(v128.load(q0, 16), s01), 16);
      v128.store(q1, f32x4.add(v128.load(q1), s10)); v128.store(q1, f32x4.add(v128.load(q1, 16), s11), 16);
      v128.store(q2, f32x4.add(v128.load(q2), s20)); v128.store(q2, f32x4.add(v128.load(q2, 16), s21), 16);
      v128.store(q3, f32x4.add(v128.load(q3), s30)); v128.store(q3, f32x4.add(v128.load(q3, 16), s31), 16);
    }
    for (; j + 4 <= n; j += 4) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        s0 = madd(v128.load32_splat(pa), b0, s0);
        s1 = madd(v128.load32_splat(pa + aR), b0, s1);
        s2 = madd(v128.load32_splat(pa + 2 * aR), b0, s2);
        s3 = madd(v128.load32_splat(pa + 3 * aR), b0, s3);
        pa += aC;
        pb += bR;
      }
      const q0 = c0 + (<usize>j << 2);
      v128.store(q0, f32x4.add(v128.load(q0), s0));
      v128.store(q0 + cR, f32x4.add(v128.load(q0 + cR), s1));
      v128.store(q0 + 2 * cR, f32x4.add(v128.load(q0 + 2 * cR), s2));
      v128.store(q0 + 3 * cR, f32x4.add(v128.load(q0 + 3 * cR), s3));
    }
    if (j < n) gemmS(4, n - j, k, a0, aRow, aCol, b + (<usize>j << 2), ldb, c0 + (<usize>j << 2), ldc);
  }
  for (; i < m; i++) {
    const a0 = a + <usize>i * aR;
    const c0 = c + <usize>i * cR;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const x = v128.load32_splat(pa);
        s0 = madd(x, v128.load(pb), s0);
        s1 = madd(x, v128.load(pb, 16), s1);
        pa += aC;
        pb += bR;
      }
      const q = c0 + (<usize>j << 2);
      v128.store(q, f32x4.add(v128.load(q), s0));
      v128.store(q, f32x4.add(v128.load(q, 16), s1), 16);
    }
    for (; j + 4 <= n; j += 4) {
      let s0 = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s0 = madd(v128.load32_splat(pa), v128.load(pb), s0);
        pa += aC;
        pb += bR;
      }
      const q = c0 + (<usize>j << 2);
      v128.store(q, f32x4.add(v128.load(q), s0));
    }
    if (j < n) gemmS(1, n - j, k, a0, aRow, aCol, b + (<usize>j << 2), ldb, c0 + (<usize>j << 2), ldc);
  }
}

// SIMD along the rows of C (i) when A is stored transposed (aRow == 1) and C is narrow (n < 4): the input-weight
// gradient of a layer with few inputs.
function gemmColsV(m: i32, n: i32, k: i32, a: usize, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const aC = <usize>aCol << 2;
  const bR = <usize>ldb << 2;
  const cR = <usize>ldc << 2;
  let i = 0;
  for (; i + 8 <= m; i += 8) {
    for (let j = 0; j < n; j++) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
      let pa = a + (<usize>i << 2);
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const x = v128.load32_splat(pb);
        s0 = madd(v128.load(pa), x, s0);
        s1 = madd(v128.load(pa, 16), x, s1);
        pa += aC;
        pb += bR;
      }
      const q = c + <usize>i * cR + (<usize>j << 2);
      store<f32>(q, load<f32>(q) + f32x4.extract_lane(s0, 0));
      store<f32>(q + cR, load<f32>(q + cR) + f32x4.extract_lane(s0, 1));
      store<f32>(q + 2 * cR, load<f32>(q + 2 * cR) + f32x4.extract_lane(s0, 2));
      store<f32>(q + 3 * cR, load<f32>(q + 3 * cR) + f32x4.extract_lane(s0, 3));
      store<f32>(q + 4 * cR, load<f32>(q + 4 * cR) + f32x4.extract_lane(s1, 0));
      store<f32>(q + 5 * cR, load<f32>(q + 5 * cR) + f32x4.extract_lane(s1, 1));
      store<f32>(q + 6 * cR, load<f32>(q + 6 * cR) + f32x4.extract_lane(s1, 2));
      store<f32>(q + 7 * cR, load<f32>(q + 7 * cR) + f32x4.extract_lane(s1, 3));
    }
  }
  if (i < m) gemmS(m - i, n, k, a + (<usize>i << 2), 1, aCol, b, ldb, c + <usize>i * cR, ldc);
}

// SIMD along p when both A's rows and B's columns are contiguous (B has a single column): dot products, e.g. the
// input gradient of a layer with one input.
function gemmDotV(m: i32, n: i32, k: i32, a: usize, aRow: i32, b: usize, c: usize, ldc: i32): void {
  const aR = <usize>aRow << 2;
  const cR = <usize>ldc << 2;
  for (let i = 0; i < m; i++) {
    const a0 = a + <usize>i * aR;
    for (let j = 0; j < n; j++) {
      // B[p][j] = b + (p·n + j)·4 with ldb == 1 only when n == 1; the caller guarantees that.
      let s = f32x4.splat(0);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        s = f32x4.add(s, f32x4.mul(v128.load(a0 + (<usize>p << 2)), v128.load(b + (<usize>p << 2))));
      }
      let t: f32 =
        f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
      for (; p < k; p++) t += load<f32>(a0 + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
      const q = c + <usize>i * cR + (<usize>j << 2);
      store<f32>(q, load<f32>(q) + t);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Data movement

function fill0(p: usize, floats: i32): void {
  memory.fill(p, 0, <usize>floats << 2);
}

function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>r * cols) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + ((<usize>c * rows + r) << 2), load<f32>(s + (<usize>c << 2)));
  }
}

// [outer][inner][width] → [inner][outer][width]
function swapOuterAxes(src: usize, outer: i32, inner: i32, width: i32, dst: usize): void {
  const bytes = <usize>width << 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      memory.copy(dst + (<usize>i * outer + o) * bytes, src + (<usize>o * inner + i) * bytes, bytes);
    }
  }
}

// dst[j] = Σ_r src[r][j]
function columnSums(src: usize, rows: i32, cols: i32, dst: usize): void {
  fill0(dst, cols);
  const row = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const s = src + <usize>r * row;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 4 <= cols; j += 4) {
        const q = dst + (<usize>j << 2);
        v128.store(q, f32x4.add(v128.load(q), v128.load(s + (<usize>j << 2))));
      }
    }
    for (; j < cols; j++) {
      const q = dst + (<usize>j << 2);
      store<f32>(q, load<f32>(q) + load<f32>(s + (<usize>j << 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Gate math of one step for one sequence; j runs over the H units, 4 at a time in the SIMD build.

function rnnStep(relu: bool, H: i32, g: usize, hNext: usize, out: usize): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      const v = v128.load(g + o);
      const y = relu ? f32x4.max(v, f32x4.splat(0)) : tanhV(v);
      v128.store(g + o, y);
      v128.store(hNext + o, y);
      v128.store(out + o, y);
    }
  }
  for (; j < H; j++) {
    const o = <usize>j << 2;
    const v = load<f32>(g + o);
    const y: f32 = relu ? (v > 0 ? v : 0) : tanhS(v);
    store<f32>(g + o, y);
    store<f32>(hNext + o, y);
    store<f32>(out + o, y);
  }
}

function lstmStep(H: i32, g: usize, cPrev: usize, cNext: usize, tc: usize, hNext: usize, out: usize): void {
  const gH = <usize>H << 2;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      const ig = sigmoidV(v128.load(g + o));
      const fg = sigmoidV(v128.load(g + gH + o));
      const gg = tanhV(v128.load(g + 2 * gH + o));
      const og = sigmoidV(v128.load(g + 3 * gH + o));
      v128.store(g + o, ig);
      v128.store(g + gH + o, fg);
      v128.store(g + 2 * gH + o, gg);
      v128.store(g + 3 * gH + o, og);
      const c = f32x4.add(f32x4.mul(fg, v128.load(cPrev + o)), f32x4.mul(ig, gg));
      v128.store(cNext + o, c);
      const t = tanhV(c);
      v128.store(tc + o, t);
      const y = f32x4.mul(og, t);
      v128.store(hNext + o, y);
      v128.store(out + o, y);
    }
  }
  for (; j < H; j++) {
    const o = <usize>j << 2;
    const ig = sigmoidS(load<f32>(g + o));
    const fg = sigmoidS(load<f32>(g + gH + o));
    const gg = tanhS(load<f32>(g + 2 * gH + o));
    const og = sigmoidS(load<f32>(g + 3 * gH + o));
    store<f32>(g + o, ig);
    store<f32>(g + gH + o, fg);
    store<f32>(g + 2 * gH + o, gg);
    store<f32>(g + 3 * gH + o, og);
    const c = fg * load<f32>(cPrev + o) + ig * gg;
    store<f32>(cNext + o, c);
    const t = tanhS(c);
    store<f32>(tc + o, t);
    const y = og * t;
    store<f32>(hNext + o, y);
    store<f32>(out + o, y);
  }
}

function gruStep(H: i32, g: usize, hn: usize, hPrev: usize, hNext: usize, out: usize): void {
  const gH = <usize>H << 2;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1.0);
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      const r = sigmoidV(v128.load(g + o));
      const z = sigmoidV(v128.load(g + gH + o));
      const n = tanhV(f32x4.add(v128.load(g + 2 * gH + o), f32x4.mul(r, v128.load(hn + o))));
      v128.store(g + o, r);
      v128.store(g + gH + o, z);
      v128.store(g + 2 * gH + o, n);
      const y = f32x4.add(f32x4.mul(f32x4.sub(one, z), n), f32x4.mul(z, v128.load(hPrev + o)));
      v128.store(hNext + o, y);
      v128.store(out + o, y);
    }
  }
  for (; j < H; j++) {
    const o = <usize>j << 2;
    const r = sigmoidS(load<f32>(g + o));
    const z = sigmoidS(load<f32>(g + gH + o));
    const n = tanhS(load<f32>(g + 2 * gH + o) + r * load<f32>(hn + o));
    store<f32>(g + o, r);
    store<f32>(g + gH + o, z);
    store<f32>(g + 2 * gH + o, n);
    const y = (ONE - z) * n + z * load<f32>(hPrev + o);
    store<f32>(hNext + o, y);
    store<f32>(out + o, y);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Forward pass over whole sequences (see ../layout.ts for every buffer).

export function forward(
  cell: i32, relu: bool, B: i32, T: i32, I: i32, H: i32,
  x: i32, weightIh: i32, weightHh: i32, biasIh: i32, biasHh: i32, weightHhT: i32, weightIhT: i32,
  xT: i32, gates: i32, hs: i32, cs: i32, aux: i32, out: i32,
): void {
  const G: i32 = cell == LSTM ? 4 : cell == GRU ? 3 : 1;
  const N = G * H;
  const BH = B * H;
  const BN = B * N;
  transpose(at(weightHh), N, H, at(weightHhT));
  transpose(at(weightIh), N, I, at(weightIhT));
  swapOuterAxes(at(x), B, T, I, at(xT));

  // Input projection of every step at once, on top of the biases (the GRU's b_hn stays out: it sits inside r·(…)).
  const folded = cell == GRU ? 2 * H : N;
  const bias = at(gates);
  for (let j = 0; j < N; j++) {
    const v = load<f32>(at(biasIh + j)) + (j < folded ? load<f32>(at(biasHh + j)) : <f32>0);
    store<f32>(bias + (<usize>j << 2), v);
  }
  const rowBytes = <usize>N << 2;
  for (let row = 1; row < T * B; row++) memory.copy(bias + <usize>row * rowBytes, bias, rowBytes);
  gemm(T * B, N, I, at(xT), I, 1, at(weightIhT), N, at(gates), N);

  fill0(at(hs), BH);
  if (cell == LSTM) fill0(at(cs), BH);

  for (let t = 0; t < T; t++) {
    const g = gates + t * BN;
    const hPrev = hs + t * BH;
    const hNext = hPrev + BH;
    const a = aux + t * BH;
    if (cell == GRU) {
      const hnBias = at(biasHh + 2 * H);
      for (let b = 0; b < B; b++) memory.copy(at(a + b * H), hnBias, <usize>H << 2);
      if (t > 0) {
        gemm(B, 2 * H, H, at(hPrev), H, 1, at(weightHhT), N, at(g), N);
        gemm(B, H, H, at(hPrev), H, 1, at(weightHhT + 2 * H), N, at(a), H);
      }
    } else if (t > 0) {
      gemm(B, N, H, at(hPrev), H, 1, at(weightHhT), N, at(g), N);
    }
    for (let b = 0; b < B; b++) {
      const o = at(out + (b * T + t) * H);
      if (cell == RNN) {
        rnnStep(relu, H, at(g + b * N), at(hNext + b * H), o);
      } else if (cell == LSTM) {
        const cPrev = cs + t * BH + b * H;
        lstmStep(H, at(g + b * N), at(cPrev), at(cPrev + BH), at(a + b * H), at(hNext + b * H), o);
      } else {
        gruStep(H, at(g + b * N), at(a + b * H), at(hPrev + b * H), at(hNext + b * H), o);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Backward pass (BPTT) over a slot filled by `forward`.

function rnnBack(relu: bool, H: i32, g: usize, dy: usize, dh: usize, dg: usize): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1.0);
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      const y = v128.load(g + o);
      const d = f32x4.add(v128.load(dy + o), v128.load(dh + o));
      const r = relu
        ? v128.and(d, f32x4.gt(y, f32x4.splat(0)))
        : f32x4.mul(d, f32x4.sub(one, f32x4.mul(y, y)));
      v128.store(dg + o, r);
    }
  }
  for (; j < H; j++) {
    const o = <usize>j << 2;
    const y = load<f32>(g + o);
    const d = load<f32>(dy + o) + load<f32>(dh + o);
    store<f32>(dg + o, relu ? (y > 0 ? d : <f32>0) : d * (ONE - y * y));
  }
}

function lstmBack(H: i32, g: usize, cPrev: usize, tc: usize, dy: usize, dh: usize, dc: usize, dg: usize): void {
  const gH = <usize>H << 2;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1.0);
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      const d = f32x4.add(v128.load(dy + o), v128.load(dh + o));
      const ig = v128.load(g + o), fg = v128.load(g + gH + o), gg = v128.load(g + 2 * gH + o), og = v128.load(g + 3 * gH + o);
      const t = v128.load(tc + o);
      const dcT = f32x4.add(f32x4.mul(f32x4.mul(d, og), f32x4.sub(one, f32x4.mul(t, t))), v128.load(dc + o));
      v128.store(dg + o, f32x4.mul(f32x4.mul(dcT, gg), f32x4.mul(ig, f32x4.sub(one, ig))));
      v128.store(dg + gH + o, f32x4.mul(f32x4.mul(dcT, v128.load(cPrev + o)), f32x4.mul(fg, f32x4.sub(one, fg))));
      v128.store(dg + 2 * gH + o, f32x4.mul(f32x4.mul(dcT, ig), f32x4.sub(one, f32x4.mul(gg, gg))));
      v128.store(dg + 3 * gH + o, f32x4.mul(f32x4.mul(d, t), f32x4.mul(og, f32x4.sub(one, og))));
      v128.store(dc + o, f32x4.mul(dcT, fg));
    }
  }
  for (; j < H; j++) {
    const o = <usize>j << 2;
    const d = load<f32>(dy + o) + load<f32>(dh + o);
    const ig = load<f32>(g + o), fg = load<f32>(g + gH + o), gg = load<f32>(g + 2 * gH + o), og = load<f32>(g + 3 * gH + o);
    const t = load<f32>(tc + o);
    const dcT = d * og * (ONE - t * t) + load<f32>(dc + o);
    store<f32>(dg + o, dcT * gg * (ig * (ONE - ig)));
    store<f32>(dg + gH + o, dcT * load<f32>(cPrev + o) * (fg * (ONE - fg)));
    store<f32>(dg + 2 * gH + o, dcT * ig * (ONE - gg * gg));
    store<f32>(dg + 3 * gH + o, d * t * (og * (ONE - og)));
    store<f32>(dc + o, dcT * fg);
  }
}

function gruBack(H: i32, g: usize, hn: usize, hPrev: usize, dy: usize, dh: usize, dg: usize, dhid: usize): void {
  const gH = <usize>H << 2;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1.0);
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      const d = f32x4.add(v128.load(dy + o), v128.load(dh + o));
      const r = v128.load(g + o), z = v128.load(g + gH + o), n = v128.load(g + 2 * gH + o);
      const dn = f32x4.mul(f32x4.mul(d, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
      const dr = f32x4.mul(f32x4.mul(dn, v128.load(hn + o)), f32x4.mul(r, f32x4.sub(one, r)));
      const dz = f32x4.mul(f32x4.mul(d, f32x4.sub(v128.load(hPrev + o), n)), f32x4.mul(z, f32x4.sub(one, z)));
      v128.store(dg + o, dr);
      v128.store(dg + gH + o, dz);
      v128.store(dg + 2 * gH + o, dn);
      v128.store(dhid + o, dr);
      v128.store(dhid + gH + o, dz);
      v128.store(dhid + 2 * gH + o, f32x4.mul(dn, r));
      v128.store(dh + o, f32x4.mul(d, z));
    }
  }
  for (; j < H; j++) {
    const o = <usize>j << 2;
    const d = load<f32>(dy + o) + load<f32>(dh + o);
    const r = load<f32>(g + o), z = load<f32>(g + gH + o), n = load<f32>(g + 2 * gH + o);
    const dn = d * (ONE - z) * (ONE - n * n);
    const dr = dn * load<f32>(hn + o) * (r * (ONE - r));
    const dz = d * (load<f32>(hPrev + o) - n) * (z * (ONE - z));
    store<f32>(dg + o, dr);
    store<f32>(dg + gH + o, dz);
    store<f32>(dg + 2 * gH + o, dn);
    store<f32>(dhid + o, dr);
    store<f32>(dhid + gH + o, dz);
    store<f32>(dhid + 2 * gH + o, dn * r);
    store<f32>(dh + o, d * z);
  }
}

export function backward(
  cell: i32, relu: bool, B: i32, T: i32, I: i32, H: i32,
  weightIh: i32, weightHh: i32, xT: i32, gates: i32, hs: i32, cs: i32, aux: i32,
  dy: i32, dGates: i32, dHidden: i32, dh: i32, dc: i32,
  dWeightIh: i32, dWeightHh: i32, dBiasIh: i32, dBiasHh: i32, dxT: i32, dx: i32,
): void {
  const G: i32 = cell == LSTM ? 4 : cell == GRU ? 3 : 1;
  const N = G * H;
  const BH = B * H;
  const BN = B * N;
  const dHid = cell == GRU ? dHidden : dGates;
  fill0(at(dh), BH);
  fill0(at(dc), BH);
  for (let t = T - 1; t >= 0; t--) {
    const g = gates + t * BN;
    const dg = dGates + t * BN;
    const dhh = dHid + t * BN;
    for (let b = 0; b < B; b++) {
      const dyb = at(dy + (b * T + t) * H);
      if (cell == RNN) {
        rnnBack(relu, H, at(g + b * N), dyb, at(dh + b * H), at(dg + b * N));
      } else if (cell == LSTM) {
        lstmBack(H, at(g + b * N), at(cs + t * BH + b * H), at(aux + t * BH + b * H), dyb, at(dh + b * H), at(dc + b * H), at(dg + b * N));
      } else {
        gruBack(H, at(g + b * N), at(aux + t * BH + b * H), at(hs + t * BH + b * H), dyb, at(dh + b * H), at(dg + b * N), at(dhh + b * N));
      }
    }
    if (cell != GRU) fill0(at(dh), BH);
    if (t > 0) gemm(B, H, N, at(dhh), N, 1, at(weightHh), H, at(dh), H);
  }
  fill0(at(dWeightHh), N * H);
  if (T > 1) gemm(N, H, (T - 1) * B, at(dHid + BN), 1, N, at(hs + BH), H, at(dWeightHh), H);
  fill0(at(dWeightIh), N * I);
  gemm(N, I, T * B, at(dGates), 1, N, at(xT), I, at(dWeightIh), I);
  columnSums(at(dGates), T * B, N, at(dBiasIh));
  columnSums(at(dHid), T * B, N, at(dBiasHh));
  fill0(at(dxT), T * B * I);
  gemm(T * B, I, N, at(dGates), N, 1, at(weightIh), I, at(dxT), I);
  swapOuterAxes(at(dxT), T, B, I, at(dx));
}

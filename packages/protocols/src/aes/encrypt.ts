/**
 * Bitsliced AES-128 encryption of one block: the hot path of OSDP's CBC-MAC chains.
 *
 * State layout (shared with decrypt.ts and keySchedule.ts): bit 8r + 2c + b of word qi is bit i of the byte
 * at row r, column c of block slot b. ShiftRows is never executed, as it would cost more than the S-box:
 * after n rounds the state still owes ShiftRows^n, so the byte MixColumns combines with row r, column c
 * sits at row r + 1, column c + n. That is a word rotation by 8 bits per row plus, unless n ≡ 0 (mod 4), a
 * rotation inside every byte by 2 bits per column; hence one MixColumns variant per n mod 4. Round keys are
 * stored shifted to match, and the ShiftRows^10 = ShiftRows^2 still owed at the end is applied by the
 * order in which the output bytes are written.
 *
 * Everything is written out in one function with constant rotations: V8 keeps the state in registers only
 * if nothing is called (a call per round costs a third of the block time, and helper functions stop being
 * inlined once the inlining budget runs out) and emits a single `ror` only for constant shift counts.
 */

/**
 * Encrypts the 16 bytes at `src[srcOffset]` into `dst[dstOffset]` (they may overlap) with the round keys
 * from `expandKey`. Only the first of the two block slots is used: callers chain blocks (CBC, CBC-MAC), so
 * a second block is never ready at the same time.
 */
export const encryptBlock = (
  rk: Int32Array,
  src: Uint8Array,
  srcOffset: number,
  dst: Uint8Array,
  dstOffset: number,
): void => {
  const s = srcOffset;
  const w0 = src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16) | (src[s + 3]! << 24);
  const w1 = src[s + 4]! | (src[s + 5]! << 8) | (src[s + 6]! << 16) | (src[s + 7]! << 24);
  const w2 = src[s + 8]! | (src[s + 9]! << 8) | (src[s + 10]! << 16) | (src[s + 11]! << 24);
  const w3 = src[s + 12]! | (src[s + 13]! << 8) | (src[s + 14]! << 16) | (src[s + 15]! << 24);

  // Transpose the 8x8 bit blocks (bit j of word i <-> bit i of word j); the empty second slot saves half
  // of the first stage.
  let q0 = w0 & 0x55555555;
  let q1 = (w0 >>> 1) & 0x55555555;
  let q2 = w1 & 0x55555555;
  let q3 = (w1 >>> 1) & 0x55555555;
  let q4 = w2 & 0x55555555;
  let q5 = (w2 >>> 1) & 0x55555555;
  let q6 = w3 & 0x55555555;
  let q7 = (w3 >>> 1) & 0x55555555;
  let t = q0;
  q0 = (t & 0x33333333) | ((q2 & 0x33333333) << 2);
  q2 = ((t >>> 2) & 0x33333333) | (q2 & 0xcccccccc);
  t = q1;
  q1 = (t & 0x33333333) | ((q3 & 0x33333333) << 2);
  q3 = ((t >>> 2) & 0x33333333) | (q3 & 0xcccccccc);
  t = q4;
  q4 = (t & 0x33333333) | ((q6 & 0x33333333) << 2);
  q6 = ((t >>> 2) & 0x33333333) | (q6 & 0xcccccccc);
  t = q5;
  q5 = (t & 0x33333333) | ((q7 & 0x33333333) << 2);
  q7 = ((t >>> 2) & 0x33333333) | (q7 & 0xcccccccc);
  t = q0;
  q0 = (t & 0x0f0f0f0f) | ((q4 & 0x0f0f0f0f) << 4);
  q4 = ((t >>> 4) & 0x0f0f0f0f) | (q4 & 0xf0f0f0f0);
  t = q1;
  q1 = (t & 0x0f0f0f0f) | ((q5 & 0x0f0f0f0f) << 4);
  q5 = ((t >>> 4) & 0x0f0f0f0f) | (q5 & 0xf0f0f0f0);
  t = q2;
  q2 = (t & 0x0f0f0f0f) | ((q6 & 0x0f0f0f0f) << 4);
  q6 = ((t >>> 4) & 0x0f0f0f0f) | (q6 & 0xf0f0f0f0);
  t = q3;
  q3 = (t & 0x0f0f0f0f) | ((q7 & 0x0f0f0f0f) << 4);
  q7 = ((t >>> 4) & 0x0f0f0f0f) | (q7 & 0xf0f0f0f0);

  q0 ^= rk[0]!;
  q1 ^= rk[1]!;
  q2 ^= rk[2]!;
  q3 ^= rk[3]!;
  q4 ^= rk[4]!;
  q5 ^= rk[5]!;
  q6 ^= rk[6]!;
  q7 ^= rk[7]!;

  // i = 8 * round; round & 3 is the number of ShiftRows owed (mod 4), which picks the MixColumns variant.
  for (let i = 8; ; i += 8) {
    // Keeps the circuit one line per group of gates instead of one gate per line.
    // prettier-ignore
    {
      // SubBytes: the Boyar–Peralta circuit (113 gates), the same gates as in decrypt.ts.
      const x0 = q7, x1 = q6, x2 = q5, x3 = q4, x4 = q3, x5 = q2, x6 = q1, x7 = q0;
      const y14 = x3 ^ x5, y13 = x0 ^ x6, y9 = x0 ^ x3, y8 = x0 ^ x5, t0 = x1 ^ x2, y1 = t0 ^ x7;
      const y4 = y1 ^ x3, y12 = y13 ^ y14, y2 = y1 ^ x0, y5 = y1 ^ x6, y3 = y5 ^ y8, t1 = x4 ^ y12;
      const y15 = t1 ^ x5, y20 = t1 ^ x1, y6 = y15 ^ x7, y10 = y15 ^ t0, y11 = y20 ^ y9, y7 = x7 ^ y11;
      const y17 = y10 ^ y11, y19 = y10 ^ y8, y16 = t0 ^ y11, y21 = y13 ^ y16, y18 = x0 ^ y16;
      const t2 = y12 & y15, t3 = y3 & y6, t4 = t3 ^ t2, t5 = y4 & x7, t6 = t5 ^ t2, t7 = y13 & y16;
      const t8 = y5 & y1, t9 = t8 ^ t7, t10 = y2 & y7, t11 = t10 ^ t7, t12 = y9 & y11, t13 = y14 & y17;
      const t14 = t13 ^ t12, t15 = y8 & y10, t16 = t15 ^ t12, t17 = t4 ^ t14, t18 = t6 ^ t16;
      const t19 = t9 ^ t14, t20 = t11 ^ t16, t21 = t17 ^ y20, t22 = t18 ^ y19, t23 = t19 ^ y21;
      const t24 = t20 ^ y18, t25 = t21 ^ t22, t26 = t21 & t23, t27 = t24 ^ t26, t28 = t25 & t27;
      const t29 = t28 ^ t22, t30 = t23 ^ t24, t31 = t22 ^ t26, t32 = t31 & t30, t33 = t32 ^ t24;
      const t34 = t23 ^ t33, t35 = t27 ^ t33, t36 = t24 & t35, t37 = t36 ^ t34, t38 = t27 ^ t36;
      const t39 = t29 & t38, t40 = t25 ^ t39, t41 = t40 ^ t37, t42 = t29 ^ t33, t43 = t29 ^ t40;
      const t44 = t33 ^ t37, t45 = t42 ^ t41;
      const z0 = t44 & y15, z1 = t37 & y6, z2 = t33 & x7, z3 = t43 & y16, z4 = t40 & y1, z5 = t29 & y7;
      const z6 = t42 & y11, z7 = t45 & y17, z8 = t41 & y10, z9 = t44 & y12, z10 = t37 & y3;
      const z11 = t33 & y4, z12 = t43 & y13, z13 = t40 & y5, z14 = t29 & y2, z15 = t42 & y9;
      const z16 = t45 & y14, z17 = t41 & y8;
      const t46 = z15 ^ z16, t47 = z10 ^ z11, t48 = z5 ^ z13, t49 = z9 ^ z10, t50 = z2 ^ z12;
      const t51 = z2 ^ z5, t52 = z7 ^ z8, t53 = z0 ^ z3, t54 = z6 ^ z7, t55 = z16 ^ z17, t56 = z12 ^ t48;
      const t57 = t50 ^ t53, t58 = z4 ^ t46, t59 = z3 ^ t54, t60 = t46 ^ t57, t61 = z14 ^ t57;
      const t62 = t52 ^ t58, t63 = t49 ^ t58, t64 = z4 ^ t59, t65 = t61 ^ t62, t66 = z1 ^ t63;
      const t67 = t64 ^ t65, s3 = t53 ^ t66;
      q7 = t59 ^ t63;
      q6 = t64 ^ ~s3;
      q5 = t55 ^ ~t67;
      q4 = s3;
      q3 = t51 ^ t66;
      q2 = t47 ^ t65;
      q1 = t56 ^ ~t62;
      q0 = t48 ^ ~t60;
    }
    if (i === 80) break;

    // MixColumns fused with AddRoundKey, one word at a time so few values stay live: with r the row below
    // and t = q ^ r, out = 2·t ^ r ^ (t two rows below). Each case is written out because a shared body
    // would merge the variants' values and spill them.
    switch (i & 24) {
      case 0: {
        const r7 = (q7 >>> 8) | (q7 << 24);
        const t7 = q7 ^ r7;
        const r0 = (q0 >>> 8) | (q0 << 24);
        const t0 = q0 ^ r0;
        q0 = t7 ^ r0 ^ ((t0 >>> 16) | (t0 << 16)) ^ rk[i]!;
        const r1 = (q1 >>> 8) | (q1 << 24);
        const t1 = q1 ^ r1;
        q1 = t0 ^ t7 ^ r1 ^ ((t1 >>> 16) | (t1 << 16)) ^ rk[i + 1]!;
        const r2 = (q2 >>> 8) | (q2 << 24);
        const t2 = q2 ^ r2;
        q2 = t1 ^ r2 ^ ((t2 >>> 16) | (t2 << 16)) ^ rk[i + 2]!;
        const r3 = (q3 >>> 8) | (q3 << 24);
        const t3 = q3 ^ r3;
        q3 = t2 ^ t7 ^ r3 ^ ((t3 >>> 16) | (t3 << 16)) ^ rk[i + 3]!;
        const r4 = (q4 >>> 8) | (q4 << 24);
        const t4 = q4 ^ r4;
        q4 = t3 ^ t7 ^ r4 ^ ((t4 >>> 16) | (t4 << 16)) ^ rk[i + 4]!;
        const r5 = (q5 >>> 8) | (q5 << 24);
        const t5 = q5 ^ r5;
        q5 = t4 ^ r5 ^ ((t5 >>> 16) | (t5 << 16)) ^ rk[i + 5]!;
        const r6 = (q6 >>> 8) | (q6 << 24);
        const t6 = q6 ^ r6;
        q6 = t5 ^ r6 ^ ((t6 >>> 16) | (t6 << 16)) ^ rk[i + 6]!;
        q7 = t6 ^ r7 ^ ((t7 >>> 16) | (t7 << 16)) ^ rk[i + 7]!;
        break;
      }
      case 8: {
        const r7 = (((q7 >>> 10) | (q7 << 22)) & 0x3f3f3f3f) | (((q7 >>> 2) | (q7 << 30)) & 0xc0c0c0c0);
        const t7 = q7 ^ r7;
        const r0 = (((q0 >>> 10) | (q0 << 22)) & 0x3f3f3f3f) | (((q0 >>> 2) | (q0 << 30)) & 0xc0c0c0c0);
        const t0 = q0 ^ r0;
        const u0 = (((t0 >>> 20) | (t0 << 12)) & 0x0f0f0f0f) | (((t0 >>> 12) | (t0 << 20)) & 0xf0f0f0f0);
        q0 = t7 ^ r0 ^ u0 ^ rk[i]!;
        const r1 = (((q1 >>> 10) | (q1 << 22)) & 0x3f3f3f3f) | (((q1 >>> 2) | (q1 << 30)) & 0xc0c0c0c0);
        const t1 = q1 ^ r1;
        const u1 = (((t1 >>> 20) | (t1 << 12)) & 0x0f0f0f0f) | (((t1 >>> 12) | (t1 << 20)) & 0xf0f0f0f0);
        q1 = t0 ^ t7 ^ r1 ^ u1 ^ rk[i + 1]!;
        const r2 = (((q2 >>> 10) | (q2 << 22)) & 0x3f3f3f3f) | (((q2 >>> 2) | (q2 << 30)) & 0xc0c0c0c0);
        const t2 = q2 ^ r2;
        const u2 = (((t2 >>> 20) | (t2 << 12)) & 0x0f0f0f0f) | (((t2 >>> 12) | (t2 << 20)) & 0xf0f0f0f0);
        q2 = t1 ^ r2 ^ u2 ^ rk[i + 2]!;
        const r3 = (((q3 >>> 10) | (q3 << 22)) & 0x3f3f3f3f) | (((q3 >>> 2) | (q3 << 30)) & 0xc0c0c0c0);
        const t3 = q3 ^ r3;
        const u3 = (((t3 >>> 20) | (t3 << 12)) & 0x0f0f0f0f) | (((t3 >>> 12) | (t3 << 20)) & 0xf0f0f0f0);
        q3 = t2 ^ t7 ^ r3 ^ u3 ^ rk[i + 3]!;
        const r4 = (((q4 >>> 10) | (q4 << 22)) & 0x3f3f3f3f) | (((q4 >>> 2) | (q4 << 30)) & 0xc0c0c0c0);
        const t4 = q4 ^ r4;
        const u4 = (((t4 >>> 20) | (t4 << 12)) & 0x0f0f0f0f) | (((t4 >>> 12) | (t4 << 20)) & 0xf0f0f0f0);
        q4 = t3 ^ t7 ^ r4 ^ u4 ^ rk[i + 4]!;
        const r5 = (((q5 >>> 10) | (q5 << 22)) & 0x3f3f3f3f) | (((q5 >>> 2) | (q5 << 30)) & 0xc0c0c0c0);
        const t5 = q5 ^ r5;
        const u5 = (((t5 >>> 20) | (t5 << 12)) & 0x0f0f0f0f) | (((t5 >>> 12) | (t5 << 20)) & 0xf0f0f0f0);
        q5 = t4 ^ r5 ^ u5 ^ rk[i + 5]!;
        const r6 = (((q6 >>> 10) | (q6 << 22)) & 0x3f3f3f3f) | (((q6 >>> 2) | (q6 << 30)) & 0xc0c0c0c0);
        const t6 = q6 ^ r6;
        const u6 = (((t6 >>> 20) | (t6 << 12)) & 0x0f0f0f0f) | (((t6 >>> 12) | (t6 << 20)) & 0xf0f0f0f0);
        q6 = t5 ^ r6 ^ u6 ^ rk[i + 6]!;
        const u7 = (((t7 >>> 20) | (t7 << 12)) & 0x0f0f0f0f) | (((t7 >>> 12) | (t7 << 20)) & 0xf0f0f0f0);
        q7 = t6 ^ r7 ^ u7 ^ rk[i + 7]!;
        break;
      }
      case 16: {
        const r7 = (((q7 >>> 12) | (q7 << 20)) & 0x0f0f0f0f) | (((q7 >>> 4) | (q7 << 28)) & 0xf0f0f0f0);
        const t7 = q7 ^ r7;
        const r0 = (((q0 >>> 12) | (q0 << 20)) & 0x0f0f0f0f) | (((q0 >>> 4) | (q0 << 28)) & 0xf0f0f0f0);
        const t0 = q0 ^ r0;
        q0 = t7 ^ r0 ^ ((t0 >>> 16) | (t0 << 16)) ^ rk[i]!;
        const r1 = (((q1 >>> 12) | (q1 << 20)) & 0x0f0f0f0f) | (((q1 >>> 4) | (q1 << 28)) & 0xf0f0f0f0);
        const t1 = q1 ^ r1;
        q1 = t0 ^ t7 ^ r1 ^ ((t1 >>> 16) | (t1 << 16)) ^ rk[i + 1]!;
        const r2 = (((q2 >>> 12) | (q2 << 20)) & 0x0f0f0f0f) | (((q2 >>> 4) | (q2 << 28)) & 0xf0f0f0f0);
        const t2 = q2 ^ r2;
        q2 = t1 ^ r2 ^ ((t2 >>> 16) | (t2 << 16)) ^ rk[i + 2]!;
        const r3 = (((q3 >>> 12) | (q3 << 20)) & 0x0f0f0f0f) | (((q3 >>> 4) | (q3 << 28)) & 0xf0f0f0f0);
        const t3 = q3 ^ r3;
        q3 = t2 ^ t7 ^ r3 ^ ((t3 >>> 16) | (t3 << 16)) ^ rk[i + 3]!;
        const r4 = (((q4 >>> 12) | (q4 << 20)) & 0x0f0f0f0f) | (((q4 >>> 4) | (q4 << 28)) & 0xf0f0f0f0);
        const t4 = q4 ^ r4;
        q4 = t3 ^ t7 ^ r4 ^ ((t4 >>> 16) | (t4 << 16)) ^ rk[i + 4]!;
        const r5 = (((q5 >>> 12) | (q5 << 20)) & 0x0f0f0f0f) | (((q5 >>> 4) | (q5 << 28)) & 0xf0f0f0f0);
        const t5 = q5 ^ r5;
        q5 = t4 ^ r5 ^ ((t5 >>> 16) | (t5 << 16)) ^ rk[i + 5]!;
        const r6 = (((q6 >>> 12) | (q6 << 20)) & 0x0f0f0f0f) | (((q6 >>> 4) | (q6 << 28)) & 0xf0f0f0f0);
        const t6 = q6 ^ r6;
        q6 = t5 ^ r6 ^ ((t6 >>> 16) | (t6 << 16)) ^ rk[i + 6]!;
        q7 = t6 ^ r7 ^ ((t7 >>> 16) | (t7 << 16)) ^ rk[i + 7]!;
        break;
      }
      default: {
        const r7 = (((q7 >>> 14) | (q7 << 18)) & 0x03030303) | (((q7 >>> 6) | (q7 << 26)) & 0xfcfcfcfc);
        const t7 = q7 ^ r7;
        const r0 = (((q0 >>> 14) | (q0 << 18)) & 0x03030303) | (((q0 >>> 6) | (q0 << 26)) & 0xfcfcfcfc);
        const t0 = q0 ^ r0;
        const u0 = (((t0 >>> 20) | (t0 << 12)) & 0x0f0f0f0f) | (((t0 >>> 12) | (t0 << 20)) & 0xf0f0f0f0);
        q0 = t7 ^ r0 ^ u0 ^ rk[i]!;
        const r1 = (((q1 >>> 14) | (q1 << 18)) & 0x03030303) | (((q1 >>> 6) | (q1 << 26)) & 0xfcfcfcfc);
        const t1 = q1 ^ r1;
        const u1 = (((t1 >>> 20) | (t1 << 12)) & 0x0f0f0f0f) | (((t1 >>> 12) | (t1 << 20)) & 0xf0f0f0f0);
        q1 = t0 ^ t7 ^ r1 ^ u1 ^ rk[i + 1]!;
        const r2 = (((q2 >>> 14) | (q2 << 18)) & 0x03030303) | (((q2 >>> 6) | (q2 << 26)) & 0xfcfcfcfc);
        const t2 = q2 ^ r2;
        const u2 = (((t2 >>> 20) | (t2 << 12)) & 0x0f0f0f0f) | (((t2 >>> 12) | (t2 << 20)) & 0xf0f0f0f0);
        q2 = t1 ^ r2 ^ u2 ^ rk[i + 2]!;
        const r3 = (((q3 >>> 14) | (q3 << 18)) & 0x03030303) | (((q3 >>> 6) | (q3 << 26)) & 0xfcfcfcfc);
        const t3 = q3 ^ r3;
        const u3 = (((t3 >>> 20) | (t3 << 12)) & 0x0f0f0f0f) | (((t3 >>> 12) | (t3 << 20)) & 0xf0f0f0f0);
        q3 = t2 ^ t7 ^ r3 ^ u3 ^ rk[i + 3]!;
        const r4 = (((q4 >>> 14) | (q4 << 18)) & 0x03030303) | (((q4 >>> 6) | (q4 << 26)) & 0xfcfcfcfc);
        const t4 = q4 ^ r4;
        const u4 = (((t4 >>> 20) | (t4 << 12)) & 0x0f0f0f0f) | (((t4 >>> 12) | (t4 << 20)) & 0xf0f0f0f0);
        q4 = t3 ^ t7 ^ r4 ^ u4 ^ rk[i + 4]!;
        const r5 = (((q5 >>> 14) | (q5 << 18)) & 0x03030303) | (((q5 >>> 6) | (q5 << 26)) & 0xfcfcfcfc);
        const t5 = q5 ^ r5;
        const u5 = (((t5 >>> 20) | (t5 << 12)) & 0x0f0f0f0f) | (((t5 >>> 12) | (t5 << 20)) & 0xf0f0f0f0);
        q5 = t4 ^ r5 ^ u5 ^ rk[i + 5]!;
        const r6 = (((q6 >>> 14) | (q6 << 18)) & 0x03030303) | (((q6 >>> 6) | (q6 << 26)) & 0xfcfcfcfc);
        const t6 = q6 ^ r6;
        const u6 = (((t6 >>> 20) | (t6 << 12)) & 0x0f0f0f0f) | (((t6 >>> 12) | (t6 << 20)) & 0xf0f0f0f0);
        q6 = t5 ^ r6 ^ u6 ^ rk[i + 6]!;
        const u7 = (((t7 >>> 20) | (t7 << 12)) & 0x0f0f0f0f) | (((t7 >>> 12) | (t7 << 20)) & 0xf0f0f0f0);
        q7 = t6 ^ r7 ^ u7 ^ rk[i + 7]!;
      }
    }
  }
  q0 ^= rk[80]!;
  q1 ^= rk[81]!;
  q2 ^= rk[82]!;
  q3 ^= rk[83]!;
  q4 ^= rk[84]!;
  q5 ^= rk[85]!;
  q6 ^= rk[86]!;
  q7 ^= rk[87]!;

  // Transpose back, computing only the first slot's words (c0..c3 are the state columns).
  const e0 = (q0 & 0x55555555) | ((q1 & 0x55555555) << 1);
  const e2 = (q2 & 0x55555555) | ((q3 & 0x55555555) << 1);
  const e4 = (q4 & 0x55555555) | ((q5 & 0x55555555) << 1);
  const e6 = (q6 & 0x55555555) | ((q7 & 0x55555555) << 1);
  const f0 = (e0 & 0x33333333) | ((e2 & 0x33333333) << 2);
  const f2 = ((e0 >>> 2) & 0x33333333) | (e2 & 0xcccccccc);
  const f4 = (e4 & 0x33333333) | ((e6 & 0x33333333) << 2);
  const f6 = ((e4 >>> 2) & 0x33333333) | (e6 & 0xcccccccc);
  const c0 = (f0 & 0x0f0f0f0f) | ((f4 & 0x0f0f0f0f) << 4);
  const c2 = ((f0 >>> 4) & 0x0f0f0f0f) | (f4 & 0xf0f0f0f0);
  const c1 = (f2 & 0x0f0f0f0f) | ((f6 & 0x0f0f0f0f) << 4);
  const c3 = ((f2 >>> 4) & 0x0f0f0f0f) | (f6 & 0xf0f0f0f0);

  // Ten rounds leave ShiftRows^10 = ShiftRows^2 owed: rows 1 and 3 come from the column two places on.
  const d = dstOffset;
  dst[d] = c0;
  dst[d + 1] = c2 >>> 8;
  dst[d + 2] = c0 >>> 16;
  dst[d + 3] = c2 >>> 24;
  dst[d + 4] = c1;
  dst[d + 5] = c3 >>> 8;
  dst[d + 6] = c1 >>> 16;
  dst[d + 7] = c3 >>> 24;
  dst[d + 8] = c2;
  dst[d + 9] = c0 >>> 8;
  dst[d + 10] = c2 >>> 16;
  dst[d + 11] = c0 >>> 24;
  dst[d + 12] = c3;
  dst[d + 13] = c1 >>> 8;
  dst[d + 14] = c3 >>> 16;
  dst[d + 15] = c1 >>> 24;
};

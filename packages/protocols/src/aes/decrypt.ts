/** Bitsliced AES-128 decryption, two blocks per pass since CBC decryption hands over whole messages. */

/**
 * Decrypts one block, or two adjacent ones when `two` is set, from `src[s]` into `dst[d]` (they may overlap).
 * Like encryption it never executes InvShiftRows: the state starts out owing ShiftRows^10, which is undone
 * one round at a time, so the encryption round keys apply unchanged (layout and reasons for writing
 * everything out: see encrypt.ts).
 */
const decryptPass = (
  rk: Int32Array,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  two: boolean,
): void => {
  // Load the ciphertext shifted back by ShiftRows^2 (= ShiftRows^10): rows 1 and 3 from two columns on.
  let q0 = src[s]! | (src[s + 9]! << 8) | (src[s + 2]! << 16) | (src[s + 11]! << 24);
  let q2 = src[s + 4]! | (src[s + 13]! << 8) | (src[s + 6]! << 16) | (src[s + 15]! << 24);
  let q4 = src[s + 8]! | (src[s + 1]! << 8) | (src[s + 10]! << 16) | (src[s + 3]! << 24);
  let q6 = src[s + 12]! | (src[s + 5]! << 8) | (src[s + 14]! << 16) | (src[s + 7]! << 24);
  let q1 = 0;
  let q3 = 0;
  let q5 = 0;
  let q7 = 0;
  const b = s + 16;
  if (two) {
    q1 = src[b]! | (src[b + 9]! << 8) | (src[b + 2]! << 16) | (src[b + 11]! << 24);
    q3 = src[b + 4]! | (src[b + 13]! << 8) | (src[b + 6]! << 16) | (src[b + 15]! << 24);
    q5 = src[b + 8]! | (src[b + 1]! << 8) | (src[b + 10]! << 16) | (src[b + 3]! << 24);
    q7 = src[b + 12]! | (src[b + 5]! << 8) | (src[b + 14]! << 16) | (src[b + 7]! << 24);
  }

  // Transpose the 8x8 bit blocks (bit j of word i <-> bit i of word j).
  let t = q0;
  q0 = (t & 0x55555555) | ((q1 & 0x55555555) << 1);
  q1 = ((t >>> 1) & 0x55555555) | (q1 & 0xaaaaaaaa);
  t = q2;
  q2 = (t & 0x55555555) | ((q3 & 0x55555555) << 1);
  q3 = ((t >>> 1) & 0x55555555) | (q3 & 0xaaaaaaaa);
  t = q4;
  q4 = (t & 0x55555555) | ((q5 & 0x55555555) << 1);
  q5 = ((t >>> 1) & 0x55555555) | (q5 & 0xaaaaaaaa);
  t = q6;
  q6 = (t & 0x55555555) | ((q7 & 0x55555555) << 1);
  q7 = ((t >>> 1) & 0x55555555) | (q7 & 0xaaaaaaaa);
  t = q0;
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

  q0 ^= rk[80]!;
  q1 ^= rk[81]!;
  q2 ^= rk[82]!;
  q3 ^= rk[83]!;
  q4 ^= rk[84]!;
  q5 ^= rk[85]!;
  q6 ^= rk[86]!;
  q7 ^= rk[87]!;

  // i = 8 * round; round & 3 is the number of ShiftRows still owed (mod 4).
  for (let i = 72; ; i -= 8) {
    // Keeps the circuit one line per group of gates instead of one gate per line.
    // prettier-ignore
    {
      // InvSubBytes from the forward circuit: with B the inverse of the S-box's linear map,
      // S^-1(x) = B(S(B(x) ^ 0x05)) ^ 0x05, and the output constants cancel once the circuit's NOTs are
      // dropped (B(0x63) = 0x05).
      const x0 = q1 ^ q4 ^ q6, x1 = q0 ^ q3 ^ q5, x2 = q7 ^ q2 ^ q4, x3 = q6 ^ q1 ^ q3;
      const x4 = q5 ^ q0 ^ q2, x5 = ~(q4 ^ q7 ^ q1), x6 = q3 ^ q6 ^ q0, x7 = ~(q2 ^ q5 ^ q7);
      // The Boyar–Peralta circuit, the same gates as in encrypt.ts.
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
      // Circuit outputs without the NOTs, by bit: o7 is the top bit.
      const o7 = t59 ^ t63, o6 = t64 ^ s3, o5 = t55 ^ t67, o4 = s3;
      const o3 = t51 ^ t66, o2 = t47 ^ t65, o1 = t56 ^ t62, o0 = t48 ^ t60;
      // B again, fused with AddRoundKey.
      q0 = o2 ^ o5 ^ o7 ^ rk[i]!;
      q1 = o3 ^ o6 ^ o0 ^ rk[i + 1]!;
      q2 = o4 ^ o7 ^ o1 ^ rk[i + 2]!;
      q3 = o5 ^ o0 ^ o2 ^ rk[i + 3]!;
      q4 = o6 ^ o1 ^ o3 ^ rk[i + 4]!;
      q5 = o7 ^ o2 ^ o4 ^ rk[i + 5]!;
      q6 = o0 ^ o3 ^ o5 ^ rk[i + 6]!;
      q7 = o1 ^ o4 ^ o6 ^ rk[i + 7]!;
    }
    if (i === 0) break;

    // InvMixColumns = MixColumns · (5 + 4·z²) as column polynomials: first q ^= 4·(q ^ q two rows below),
    // then MixColumns as in encrypt.ts.
    switch (i & 24) {
      case 0: {
        const p0 = q0 ^ ((q0 >>> 16) | (q0 << 16));
        const p1 = q1 ^ ((q1 >>> 16) | (q1 << 16));
        const p2 = q2 ^ ((q2 >>> 16) | (q2 << 16));
        const p3 = q3 ^ ((q3 >>> 16) | (q3 << 16));
        const p4 = q4 ^ ((q4 >>> 16) | (q4 << 16));
        const p5 = q5 ^ ((q5 >>> 16) | (q5 << 16));
        const p6 = q6 ^ ((q6 >>> 16) | (q6 << 16));
        const p7 = q7 ^ ((q7 >>> 16) | (q7 << 16));
        const p67 = p6 ^ p7;
        q0 ^= p6;
        q1 ^= p67;
        q2 ^= p0 ^ p7;
        q3 ^= p1 ^ p6;
        q4 ^= p2 ^ p67;
        q5 ^= p3 ^ p7;
        q6 ^= p4;
        q7 ^= p5;
        const r7 = (q7 >>> 8) | (q7 << 24);
        const t7 = q7 ^ r7;
        const r0 = (q0 >>> 8) | (q0 << 24);
        const t0 = q0 ^ r0;
        q0 = t7 ^ r0 ^ ((t0 >>> 16) | (t0 << 16));
        const r1 = (q1 >>> 8) | (q1 << 24);
        const t1 = q1 ^ r1;
        q1 = t0 ^ t7 ^ r1 ^ ((t1 >>> 16) | (t1 << 16));
        const r2 = (q2 >>> 8) | (q2 << 24);
        const t2 = q2 ^ r2;
        q2 = t1 ^ r2 ^ ((t2 >>> 16) | (t2 << 16));
        const r3 = (q3 >>> 8) | (q3 << 24);
        const t3 = q3 ^ r3;
        q3 = t2 ^ t7 ^ r3 ^ ((t3 >>> 16) | (t3 << 16));
        const r4 = (q4 >>> 8) | (q4 << 24);
        const t4 = q4 ^ r4;
        q4 = t3 ^ t7 ^ r4 ^ ((t4 >>> 16) | (t4 << 16));
        const r5 = (q5 >>> 8) | (q5 << 24);
        const t5 = q5 ^ r5;
        q5 = t4 ^ r5 ^ ((t5 >>> 16) | (t5 << 16));
        const r6 = (q6 >>> 8) | (q6 << 24);
        const t6 = q6 ^ r6;
        q6 = t5 ^ r6 ^ ((t6 >>> 16) | (t6 << 16));
        q7 = t6 ^ r7 ^ ((t7 >>> 16) | (t7 << 16));
        break;
      }
      case 8: {
        const p0 =
          q0 ^ ((((q0 >>> 20) | (q0 << 12)) & 0x0f0f0f0f) | (((q0 >>> 12) | (q0 << 20)) & 0xf0f0f0f0));
        const p1 =
          q1 ^ ((((q1 >>> 20) | (q1 << 12)) & 0x0f0f0f0f) | (((q1 >>> 12) | (q1 << 20)) & 0xf0f0f0f0));
        const p2 =
          q2 ^ ((((q2 >>> 20) | (q2 << 12)) & 0x0f0f0f0f) | (((q2 >>> 12) | (q2 << 20)) & 0xf0f0f0f0));
        const p3 =
          q3 ^ ((((q3 >>> 20) | (q3 << 12)) & 0x0f0f0f0f) | (((q3 >>> 12) | (q3 << 20)) & 0xf0f0f0f0));
        const p4 =
          q4 ^ ((((q4 >>> 20) | (q4 << 12)) & 0x0f0f0f0f) | (((q4 >>> 12) | (q4 << 20)) & 0xf0f0f0f0));
        const p5 =
          q5 ^ ((((q5 >>> 20) | (q5 << 12)) & 0x0f0f0f0f) | (((q5 >>> 12) | (q5 << 20)) & 0xf0f0f0f0));
        const p6 =
          q6 ^ ((((q6 >>> 20) | (q6 << 12)) & 0x0f0f0f0f) | (((q6 >>> 12) | (q6 << 20)) & 0xf0f0f0f0));
        const p7 =
          q7 ^ ((((q7 >>> 20) | (q7 << 12)) & 0x0f0f0f0f) | (((q7 >>> 12) | (q7 << 20)) & 0xf0f0f0f0));
        const p67 = p6 ^ p7;
        q0 ^= p6;
        q1 ^= p67;
        q2 ^= p0 ^ p7;
        q3 ^= p1 ^ p6;
        q4 ^= p2 ^ p67;
        q5 ^= p3 ^ p7;
        q6 ^= p4;
        q7 ^= p5;
        const r7 = (((q7 >>> 10) | (q7 << 22)) & 0x3f3f3f3f) | (((q7 >>> 2) | (q7 << 30)) & 0xc0c0c0c0);
        const t7 = q7 ^ r7;
        const r0 = (((q0 >>> 10) | (q0 << 22)) & 0x3f3f3f3f) | (((q0 >>> 2) | (q0 << 30)) & 0xc0c0c0c0);
        const t0 = q0 ^ r0;
        const u0 = (((t0 >>> 20) | (t0 << 12)) & 0x0f0f0f0f) | (((t0 >>> 12) | (t0 << 20)) & 0xf0f0f0f0);
        q0 = t7 ^ r0 ^ u0;
        const r1 = (((q1 >>> 10) | (q1 << 22)) & 0x3f3f3f3f) | (((q1 >>> 2) | (q1 << 30)) & 0xc0c0c0c0);
        const t1 = q1 ^ r1;
        const u1 = (((t1 >>> 20) | (t1 << 12)) & 0x0f0f0f0f) | (((t1 >>> 12) | (t1 << 20)) & 0xf0f0f0f0);
        q1 = t0 ^ t7 ^ r1 ^ u1;
        const r2 = (((q2 >>> 10) | (q2 << 22)) & 0x3f3f3f3f) | (((q2 >>> 2) | (q2 << 30)) & 0xc0c0c0c0);
        const t2 = q2 ^ r2;
        const u2 = (((t2 >>> 20) | (t2 << 12)) & 0x0f0f0f0f) | (((t2 >>> 12) | (t2 << 20)) & 0xf0f0f0f0);
        q2 = t1 ^ r2 ^ u2;
        const r3 = (((q3 >>> 10) | (q3 << 22)) & 0x3f3f3f3f) | (((q3 >>> 2) | (q3 << 30)) & 0xc0c0c0c0);
        const t3 = q3 ^ r3;
        const u3 = (((t3 >>> 20) | (t3 << 12)) & 0x0f0f0f0f) | (((t3 >>> 12) | (t3 << 20)) & 0xf0f0f0f0);
        q3 = t2 ^ t7 ^ r3 ^ u3;
        const r4 = (((q4 >>> 10) | (q4 << 22)) & 0x3f3f3f3f) | (((q4 >>> 2) | (q4 << 30)) & 0xc0c0c0c0);
        const t4 = q4 ^ r4;
        const u4 = (((t4 >>> 20) | (t4 << 12)) & 0x0f0f0f0f) | (((t4 >>> 12) | (t4 << 20)) & 0xf0f0f0f0);
        q4 = t3 ^ t7 ^ r4 ^ u4;
        const r5 = (((q5 >>> 10) | (q5 << 22)) & 0x3f3f3f3f) | (((q5 >>> 2) | (q5 << 30)) & 0xc0c0c0c0);
        const t5 = q5 ^ r5;
        const u5 = (((t5 >>> 20) | (t5 << 12)) & 0x0f0f0f0f) | (((t5 >>> 12) | (t5 << 20)) & 0xf0f0f0f0);
        q5 = t4 ^ r5 ^ u5;
        const r6 = (((q6 >>> 10) | (q6 << 22)) & 0x3f3f3f3f) | (((q6 >>> 2) | (q6 << 30)) & 0xc0c0c0c0);
        const t6 = q6 ^ r6;
        const u6 = (((t6 >>> 20) | (t6 << 12)) & 0x0f0f0f0f) | (((t6 >>> 12) | (t6 << 20)) & 0xf0f0f0f0);
        q6 = t5 ^ r6 ^ u6;
        const u7 = (((t7 >>> 20) | (t7 << 12)) & 0x0f0f0f0f) | (((t7 >>> 12) | (t7 << 20)) & 0xf0f0f0f0);
        q7 = t6 ^ r7 ^ u7;
        break;
      }
      case 16: {
        const p0 = q0 ^ ((q0 >>> 16) | (q0 << 16));
        const p1 = q1 ^ ((q1 >>> 16) | (q1 << 16));
        const p2 = q2 ^ ((q2 >>> 16) | (q2 << 16));
        const p3 = q3 ^ ((q3 >>> 16) | (q3 << 16));
        const p4 = q4 ^ ((q4 >>> 16) | (q4 << 16));
        const p5 = q5 ^ ((q5 >>> 16) | (q5 << 16));
        const p6 = q6 ^ ((q6 >>> 16) | (q6 << 16));
        const p7 = q7 ^ ((q7 >>> 16) | (q7 << 16));
        const p67 = p6 ^ p7;
        q0 ^= p6;
        q1 ^= p67;
        q2 ^= p0 ^ p7;
        q3 ^= p1 ^ p6;
        q4 ^= p2 ^ p67;
        q5 ^= p3 ^ p7;
        q6 ^= p4;
        q7 ^= p5;
        const r7 = (((q7 >>> 12) | (q7 << 20)) & 0x0f0f0f0f) | (((q7 >>> 4) | (q7 << 28)) & 0xf0f0f0f0);
        const t7 = q7 ^ r7;
        const r0 = (((q0 >>> 12) | (q0 << 20)) & 0x0f0f0f0f) | (((q0 >>> 4) | (q0 << 28)) & 0xf0f0f0f0);
        const t0 = q0 ^ r0;
        q0 = t7 ^ r0 ^ ((t0 >>> 16) | (t0 << 16));
        const r1 = (((q1 >>> 12) | (q1 << 20)) & 0x0f0f0f0f) | (((q1 >>> 4) | (q1 << 28)) & 0xf0f0f0f0);
        const t1 = q1 ^ r1;
        q1 = t0 ^ t7 ^ r1 ^ ((t1 >>> 16) | (t1 << 16));
        const r2 = (((q2 >>> 12) | (q2 << 20)) & 0x0f0f0f0f) | (((q2 >>> 4) | (q2 << 28)) & 0xf0f0f0f0);
        const t2 = q2 ^ r2;
        q2 = t1 ^ r2 ^ ((t2 >>> 16) | (t2 << 16));
        const r3 = (((q3 >>> 12) | (q3 << 20)) & 0x0f0f0f0f) | (((q3 >>> 4) | (q3 << 28)) & 0xf0f0f0f0);
        const t3 = q3 ^ r3;
        q3 = t2 ^ t7 ^ r3 ^ ((t3 >>> 16) | (t3 << 16));
        const r4 = (((q4 >>> 12) | (q4 << 20)) & 0x0f0f0f0f) | (((q4 >>> 4) | (q4 << 28)) & 0xf0f0f0f0);
        const t4 = q4 ^ r4;
        q4 = t3 ^ t7 ^ r4 ^ ((t4 >>> 16) | (t4 << 16));
        const r5 = (((q5 >>> 12) | (q5 << 20)) & 0x0f0f0f0f) | (((q5 >>> 4) | (q5 << 28)) & 0xf0f0f0f0);
        const t5 = q5 ^ r5;
        q5 = t4 ^ r5 ^ ((t5 >>> 16) | (t5 << 16));
        const r6 = (((q6 >>> 12) | (q6 << 20)) & 0x0f0f0f0f) | (((q6 >>> 4) | (q6 << 28)) & 0xf0f0f0f0);
        const t6 = q6 ^ r6;
        q6 = t5 ^ r6 ^ ((t6 >>> 16) | (t6 << 16));
        q7 = t6 ^ r7 ^ ((t7 >>> 16) | (t7 << 16));
        break;
      }
      default: {
        const p0 =
          q0 ^ ((((q0 >>> 20) | (q0 << 12)) & 0x0f0f0f0f) | (((q0 >>> 12) | (q0 << 20)) & 0xf0f0f0f0));
        const p1 =
          q1 ^ ((((q1 >>> 20) | (q1 << 12)) & 0x0f0f0f0f) | (((q1 >>> 12) | (q1 << 20)) & 0xf0f0f0f0));
        const p2 =
          q2 ^ ((((q2 >>> 20) | (q2 << 12)) & 0x0f0f0f0f) | (((q2 >>> 12) | (q2 << 20)) & 0xf0f0f0f0));
        const p3 =
          q3 ^ ((((q3 >>> 20) | (q3 << 12)) & 0x0f0f0f0f) | (((q3 >>> 12) | (q3 << 20)) & 0xf0f0f0f0));
        const p4 =
          q4 ^ ((((q4 >>> 20) | (q4 << 12)) & 0x0f0f0f0f) | (((q4 >>> 12) | (q4 << 20)) & 0xf0f0f0f0));
        const p5 =
          q5 ^ ((((q5 >>> 20) | (q5 << 12)) & 0x0f0f0f0f) | (((q5 >>> 12) | (q5 << 20)) & 0xf0f0f0f0));
        const p6 =
          q6 ^ ((((q6 >>> 20) | (q6 << 12)) & 0x0f0f0f0f) | (((q6 >>> 12) | (q6 << 20)) & 0xf0f0f0f0));
        const p7 =
          q7 ^ ((((q7 >>> 20) | (q7 << 12)) & 0x0f0f0f0f) | (((q7 >>> 12) | (q7 << 20)) & 0xf0f0f0f0));
        const p67 = p6 ^ p7;
        q0 ^= p6;
        q1 ^= p67;
        q2 ^= p0 ^ p7;
        q3 ^= p1 ^ p6;
        q4 ^= p2 ^ p67;
        q5 ^= p3 ^ p7;
        q6 ^= p4;
        q7 ^= p5;
        const r7 = (((q7 >>> 14) | (q7 << 18)) & 0x03030303) | (((q7 >>> 6) | (q7 << 26)) & 0xfcfcfcfc);
        const t7 = q7 ^ r7;
        const r0 = (((q0 >>> 14) | (q0 << 18)) & 0x03030303) | (((q0 >>> 6) | (q0 << 26)) & 0xfcfcfcfc);
        const t0 = q0 ^ r0;
        const u0 = (((t0 >>> 20) | (t0 << 12)) & 0x0f0f0f0f) | (((t0 >>> 12) | (t0 << 20)) & 0xf0f0f0f0);
        q0 = t7 ^ r0 ^ u0;
        const r1 = (((q1 >>> 14) | (q1 << 18)) & 0x03030303) | (((q1 >>> 6) | (q1 << 26)) & 0xfcfcfcfc);
        const t1 = q1 ^ r1;
        const u1 = (((t1 >>> 20) | (t1 << 12)) & 0x0f0f0f0f) | (((t1 >>> 12) | (t1 << 20)) & 0xf0f0f0f0);
        q1 = t0 ^ t7 ^ r1 ^ u1;
        const r2 = (((q2 >>> 14) | (q2 << 18)) & 0x03030303) | (((q2 >>> 6) | (q2 << 26)) & 0xfcfcfcfc);
        const t2 = q2 ^ r2;
        const u2 = (((t2 >>> 20) | (t2 << 12)) & 0x0f0f0f0f) | (((t2 >>> 12) | (t2 << 20)) & 0xf0f0f0f0);
        q2 = t1 ^ r2 ^ u2;
        const r3 = (((q3 >>> 14) | (q3 << 18)) & 0x03030303) | (((q3 >>> 6) | (q3 << 26)) & 0xfcfcfcfc);
        const t3 = q3 ^ r3;
        const u3 = (((t3 >>> 20) | (t3 << 12)) & 0x0f0f0f0f) | (((t3 >>> 12) | (t3 << 20)) & 0xf0f0f0f0);
        q3 = t2 ^ t7 ^ r3 ^ u3;
        const r4 = (((q4 >>> 14) | (q4 << 18)) & 0x03030303) | (((q4 >>> 6) | (q4 << 26)) & 0xfcfcfcfc);
        const t4 = q4 ^ r4;
        const u4 = (((t4 >>> 20) | (t4 << 12)) & 0x0f0f0f0f) | (((t4 >>> 12) | (t4 << 20)) & 0xf0f0f0f0);
        q4 = t3 ^ t7 ^ r4 ^ u4;
        const r5 = (((q5 >>> 14) | (q5 << 18)) & 0x03030303) | (((q5 >>> 6) | (q5 << 26)) & 0xfcfcfcfc);
        const t5 = q5 ^ r5;
        const u5 = (((t5 >>> 20) | (t5 << 12)) & 0x0f0f0f0f) | (((t5 >>> 12) | (t5 << 20)) & 0xf0f0f0f0);
        q5 = t4 ^ r5 ^ u5;
        const r6 = (((q6 >>> 14) | (q6 << 18)) & 0x03030303) | (((q6 >>> 6) | (q6 << 26)) & 0xfcfcfcfc);
        const t6 = q6 ^ r6;
        const u6 = (((t6 >>> 20) | (t6 << 12)) & 0x0f0f0f0f) | (((t6 >>> 12) | (t6 << 20)) & 0xf0f0f0f0);
        q6 = t5 ^ r6 ^ u6;
        const u7 = (((t7 >>> 20) | (t7 << 12)) & 0x0f0f0f0f) | (((t7 >>> 12) | (t7 << 20)) & 0xf0f0f0f0);
        q7 = t6 ^ r7 ^ u7;
      }
    }
  }

  // Transpose back; nothing is owed any more, so the bytes leave in column order.
  t = q0;
  q0 = (t & 0x55555555) | ((q1 & 0x55555555) << 1);
  q1 = ((t >>> 1) & 0x55555555) | (q1 & 0xaaaaaaaa);
  t = q2;
  q2 = (t & 0x55555555) | ((q3 & 0x55555555) << 1);
  q3 = ((t >>> 1) & 0x55555555) | (q3 & 0xaaaaaaaa);
  t = q4;
  q4 = (t & 0x55555555) | ((q5 & 0x55555555) << 1);
  q5 = ((t >>> 1) & 0x55555555) | (q5 & 0xaaaaaaaa);
  t = q6;
  q6 = (t & 0x55555555) | ((q7 & 0x55555555) << 1);
  q7 = ((t >>> 1) & 0x55555555) | (q7 & 0xaaaaaaaa);
  t = q0;
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

  dst[d] = q0;
  dst[d + 1] = q0 >>> 8;
  dst[d + 2] = q0 >>> 16;
  dst[d + 3] = q0 >>> 24;
  dst[d + 4] = q2;
  dst[d + 5] = q2 >>> 8;
  dst[d + 6] = q2 >>> 16;
  dst[d + 7] = q2 >>> 24;
  dst[d + 8] = q4;
  dst[d + 9] = q4 >>> 8;
  dst[d + 10] = q4 >>> 16;
  dst[d + 11] = q4 >>> 24;
  dst[d + 12] = q6;
  dst[d + 13] = q6 >>> 8;
  dst[d + 14] = q6 >>> 16;
  dst[d + 15] = q6 >>> 24;
  if (two) {
    const e = d + 16;
    dst[e] = q1;
    dst[e + 1] = q1 >>> 8;
    dst[e + 2] = q1 >>> 16;
    dst[e + 3] = q1 >>> 24;
    dst[e + 4] = q3;
    dst[e + 5] = q3 >>> 8;
    dst[e + 6] = q3 >>> 16;
    dst[e + 7] = q3 >>> 24;
    dst[e + 8] = q5;
    dst[e + 9] = q5 >>> 8;
    dst[e + 10] = q5 >>> 16;
    dst[e + 11] = q5 >>> 24;
    dst[e + 12] = q7;
    dst[e + 13] = q7 >>> 8;
    dst[e + 14] = q7 >>> 16;
    dst[e + 15] = q7 >>> 24;
  }
};

/**
 * ECB-decrypts `length` bytes (a multiple of 16) from `src[srcOffset]` into `dst[dstOffset]` with the round
 * keys from `expandKey`, two blocks per pass of the bitsliced rounds.
 */
export const decryptBlocks = (
  rk: Int32Array,
  src: Uint8Array,
  srcOffset: number,
  length: number,
  dst: Uint8Array,
  dstOffset: number,
): void => {
  for (let done = 0; done < length; done += 32) {
    decryptPass(rk, src, srcOffset + done, dst, dstOffset + done, length - done >= 32);
  }
};

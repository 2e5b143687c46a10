/** fast-check arbitraries for OSDP commands, replies and frames (fast-check 3 through effect/FastCheck). */
import { FastCheck as fc } from "effect";
import type { Command, Frame, Reply } from "../../src/osdp";

const byte = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const someBytes = fc.uint8Array({ maxLength: 24 });
const ascii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});
const ledState = fc.record({ control: byte, onTime: byte, offTime: byte, onColor: byte, offColor: byte });

/** Every command kind with arbitrary fields. */
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom<Command>(
    { kind: "POLL" },
    { kind: "LSTAT" },
    { kind: "ISTAT" },
    { kind: "OSTAT" },
    { kind: "RSTAT" },
  ),
  fc.record({ kind: fc.constantFrom("ID" as const, "CAP" as const), requestType: byte }),
  fc.record({
    kind: fc.constant("OUT" as const),
    records: fc.array(fc.record({ output: byte, control: byte, timer: u16 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("LED" as const),
    records: fc.array(
      fc.record({
        reader: byte,
        led: byte,
        temporary: fc.record({
          control: byte,
          onTime: byte,
          offTime: byte,
          onColor: byte,
          offColor: byte,
          timer: u16,
        }),
        permanent: ledState,
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({
    kind: fc.constant("BUZ" as const),
    reader: byte,
    tone: byte,
    onTime: byte,
    offTime: byte,
    count: byte,
  }),
  fc.record({
    kind: fc.constant("TEXT" as const),
    reader: byte,
    command: byte,
    tempTime: byte,
    row: byte,
    column: byte,
    text: ascii,
  }),
  fc.record({ kind: fc.constant("COMSET" as const), address: byte, baudRate: u32 }),
  fc.record({ kind: fc.constant("KEYSET" as const), keyType: byte, key: someBytes }),
  fc.record({ kind: fc.constant("CHLNG" as const), rndA: bytes(8) }),
  fc.record({ kind: fc.constant("SCRYPT" as const), serverCryptogram: bytes(16) }),
  fc.record({ kind: fc.constant("ACURXSIZE" as const), maxReceiveSize: u16 }),
  fc.record({ kind: fc.constant("KEEPACTIVE" as const), keepAliveMs: u16 }),
  fc.record({ kind: fc.constant("MFG" as const), vendorCode: bytes(3), data: someBytes }),
  fc.record({
    kind: fc.constant("Unknown" as const),
    code: fc.constantFrom(0x7c, 0xa3, 0xa1),
    data: someBytes,
  }),
);

/** Every reply kind with arbitrary fields. */
export const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  fc.constantFrom<Reply>({ kind: "ACK" }, { kind: "BUSY" }),
  fc.record({ kind: fc.constant("NAK" as const), error: byte, detail: someBytes }),
  fc.record({
    kind: fc.constant("PDID" as const),
    vendorCode: bytes(3),
    model: byte,
    version: byte,
    serialNumber: u32,
    firmware: fc.record({ major: byte, minor: byte, build: byte }),
  }),
  fc.record({
    kind: fc.constant("PDCAP" as const),
    capabilities: fc.array(fc.record({ function: byte, compliance: byte, count: byte }), { maxLength: 10 }),
  }),
  fc.record({ kind: fc.constant("LSTATR" as const), tamper: fc.boolean(), powerFailure: fc.boolean() }),
  fc.record({ kind: fc.constant("ISTATR" as const), inputs: fc.array(byte, { maxLength: 8 }) }),
  fc.record({ kind: fc.constant("OSTATR" as const), outputs: fc.array(byte, { maxLength: 8 }) }),
  fc.record({ kind: fc.constant("RSTATR" as const), readers: fc.array(byte, { maxLength: 4 }) }),
  fc.integer({ min: 0, max: 200 }).chain((bitCount) =>
    fc.record({
      kind: fc.constant("RAW" as const),
      reader: byte,
      format: byte,
      bitCount: fc.constant(bitCount),
      data: bytes(Math.ceil(bitCount / 8)),
    }),
  ),
  fc.record({
    kind: fc.constant("KEYPAD" as const),
    reader: byte,
    keys: fc.string({ unit: fc.constantFrom(..."0123456789*#ABCD"), maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant("COM" as const), address: byte, baudRate: u32 }),
  fc.record({
    kind: fc.constant("CCRYPT" as const),
    cUid: bytes(8),
    rndB: bytes(8),
    clientCryptogram: bytes(16),
  }),
  fc.record({ kind: fc.constant("RMAC_I" as const), rmacI: bytes(16) }),
  fc.record({ kind: fc.constant("MFGREP" as const), vendorCode: bytes(3), data: someBytes }),
);

/** A plain frame (no security block) with arbitrary header and payload. */
export const plainFrameArb = (check?: Frame["check"]): fc.Arbitrary<Frame> =>
  fc.record({
    addr: fc.integer({ min: 0, max: 0x7f }),
    reply: fc.boolean(),
    sqn: fc.integer({ min: 0, max: 3 }),
    check: check === undefined ? fc.constantFrom<Frame["check"]>("crc", "checksum") : fc.constant(check),
    scb: fc.constant(null),
    code: byte,
    data: fc.uint8Array({ maxLength: 40 }),
    mac: fc.constant(null),
  });

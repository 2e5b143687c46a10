/** The OSDP frame codec (OSDP 2.2 §5): header, security block, code, data, MAC and check, bytes in and out. */
import { Either } from "effect";
import { checksum8, crc16 } from "./crc";
import { FrameError, type FrameErrorReason } from "./errors";

/** Start of message. */
export const SOM = 0x53;
/** Mark byte a sender may put before SOM (OSDP 2.2 §5.1); receivers skip it. */
export const MARK = 0xff;
/** Broadcast address. */
export const BROADCAST_ADDRESS = 0x7f;
/** Address bit set on every reply. */
export const REPLY_BIT = 0x80;
/** Largest LEN accepted: larger claims are garbage (OSDP stacks cap packets well below this). */
export const MAX_FRAME_LENGTH = 1440;
/** Header bytes: SOM, ADDR, LEN (2), CTRL. */
export const HEADER_LENGTH = 5;
/** MAC bytes carried by security blocks 0x15–0x18. */
export const MAC_LENGTH = 4;

const CTRL_SQN = 0x03;
const CTRL_CRC = 0x04;
const CTRL_SCB = 0x08;

/** How a frame is checked: CRC-16 (2 bytes, LSB first) or the 8-bit checksum. */
export type FrameCheck = "crc" | "checksum";

/** A security control block: its type (0x11–0x18) and SEC_BLK_DATA. */
export interface SecurityBlock {
  readonly type: number;
  readonly data: Uint8Array;
}

/** One OSDP frame; `data` is the payload after the code as sent (ciphertext under SCS_17/18). */
export interface Frame {
  /** PD address without the reply bit (0x7F broadcast). */
  readonly addr: number;
  /** True for PD → CP (address bit 7). */
  readonly reply: boolean;
  /** Sequence number 0–3. */
  readonly sqn: number;
  readonly check: FrameCheck;
  readonly scb: SecurityBlock | null;
  readonly code: number;
  readonly data: Uint8Array;
  /** The 4 MAC bytes of a 0x15–0x18 frame; null otherwise or when the frame is too short to carry one. */
  readonly mac: Uint8Array | null;
}

/** True for the security block types whose frames end in a MAC (Annex D). */
export const carriesMac = (scbType: number): boolean => scbType >= 0x15 && scbType <= 0x18;

/** Bytes of the frame check. */
export const checkLength = (check: FrameCheck): number => (check === "crc" ? 2 : 1);

/** The LEN of a frame: SOM through the check bytes. */
export const frameLength = (frame: Frame): number =>
  HEADER_LENGTH +
  (frame.scb === null ? 0 : 2 + frame.scb.data.length) +
  1 +
  frame.data.length +
  (frame.mac === null ? 0 : frame.mac.length) +
  checkLength(frame.check);

/**
 * Writes SOM through the last data byte into `out` (LEN and CTRL final) and returns the byte count, which is the
 * MAC's offset: the MAC input of a Secure Channel frame. `out` must hold `frameLength(frame)` bytes.
 */
export const writeFrameBody = (frame: Frame, out: Uint8Array): number => {
  const scbLength = frame.scb === null ? 0 : 2 + frame.scb.data.length;
  writeHeader(out, frame.addr, frame.reply, frame.sqn, frame.check, frameLength(frame), frame.scb !== null);
  // Empty fields are skipped: a Secure Channel POLL is rebuilt here for its MAC, and `set` is not free.
  if (frame.scb !== null) {
    out[5] = scbLength;
    out[6] = frame.scb.type;
    if (frame.scb.data.length > 0) out.set(frame.scb.data, 7);
  }
  out[HEADER_LENGTH + scbLength] = frame.code;
  if (frame.data.length > 0) out.set(frame.data, HEADER_LENGTH + scbLength + 1);
  return HEADER_LENGTH + scbLength + 1 + frame.data.length;
};

/** Writes SOM, ADDR, LEN and CTRL of a frame of `length` bytes at the start of `out`. */
export const writeHeader = (
  out: Uint8Array,
  addr: number,
  reply: boolean,
  sqn: number,
  check: FrameCheck,
  length: number,
  hasScb: boolean,
): void => {
  out[0] = SOM;
  out[1] = (addr & 0x7f) | (reply ? REPLY_BIT : 0);
  out[2] = length & 0xff;
  out[3] = length >>> 8;
  out[4] = (sqn & CTRL_SQN) | (check === "crc" ? CTRL_CRC : 0) | (hasScb ? CTRL_SCB : 0);
};

/** Fills the check bytes at the end of a frame's bytes (CRC sent LSB first). */
export const writeCheck = (bytes: Uint8Array, check: FrameCheck): void => {
  if (check === "crc") {
    const crc = crc16(bytes, 0, bytes.length - 2);
    bytes[bytes.length - 2] = crc & 0xff;
    bytes[bytes.length - 1] = crc >>> 8;
  } else {
    bytes[bytes.length - 1] = checksum8(bytes, 0, bytes.length - 1);
  }
};

/** Encodes a frame; `mark` prepends the 0xFF mark byte. */
export const encodeFrame = (frame: Frame, options?: { readonly mark?: boolean }): Uint8Array => {
  const bytes = new Uint8Array(frameLength(frame));
  const macOffset = writeFrameBody(frame, bytes);
  if (frame.mac !== null) bytes.set(frame.mac, macOffset);
  writeCheck(bytes, frame.check);
  if (options?.mark !== true) return bytes;
  const marked = new Uint8Array(bytes.length + 1);
  marked[0] = MARK;
  marked.set(bytes, 1);
  return marked;
};

const fail = (reason: FrameErrorReason, message: string): Either.Either<never, FrameError> =>
  Either.left(new FrameError({ reason, message }));

/** The LEN field of a frame starting at `start` (needs 4 bytes). */
export const readLength = (bytes: Uint8Array, start: number): number =>
  bytes[start + 2]! | (bytes[start + 3]! << 8);

// Empty fields share one array: even a copy of nothing costs as much as decoding the rest of a POLL.
const NO_BYTES = new Uint8Array(0);

/** Smallest LEN a frame can have: header, code and a checksum. */
export const MIN_FRAME_LENGTH = HEADER_LENGTH + 1 + 1;

/**
 * Decodes the frame occupying exactly `bytes[start, end)` (SOM first, no marks). Data, SCB data and MAC are
 * copies: a view (`subarray`) of a small, fresh array makes V8 move its bytes off the heap first, which costs
 * several times the copy. Never throws.
 */
export const decodeFrameAt = (
  bytes: Uint8Array,
  start: number,
  end: number,
): Either.Either<Frame, FrameError> => {
  const available = end - start;
  if (available < MIN_FRAME_LENGTH) return fail("TooShort", `${available} bytes is shorter than any frame`);
  if (bytes[start] !== SOM) return fail("BadSom", `expected SOM 0x53, got 0x${bytes[start]!.toString(16)}`);
  const length = readLength(bytes, start);
  if (length > available) return fail("TooShort", `LEN ${length} but only ${available} bytes`);
  if (length < available) return fail("TrailingBytes", `LEN ${length} but ${available} bytes`);
  const ctrl = bytes[start + 4]!;
  if ((ctrl & 0xf0) !== 0) return fail("BadControl", `reserved CTRL bits set (0x${ctrl.toString(16)})`);
  const check: FrameCheck = ctrl & CTRL_CRC ? "crc" : "checksum";
  const checkEnd = end - checkLength(check);
  if (check === "crc") {
    const crc = crc16(bytes, start, checkEnd);
    if ((crc & 0xff) !== bytes[checkEnd] || crc >>> 8 !== bytes[checkEnd + 1])
      return fail("BadCheck", "CRC mismatch");
  } else if (checksum8(bytes, start, checkEnd) !== bytes[checkEnd]) {
    return fail("BadCheck", "checksum mismatch");
  }
  let offset = start + HEADER_LENGTH;
  let scb: SecurityBlock | null = null;
  if (ctrl & CTRL_SCB) {
    const scbLength = bytes[offset]!;
    if (scbLength < 2 || offset + scbLength >= checkEnd)
      return fail("BadSecurityBlock", `security block length ${scbLength} does not fit LEN ${length}`);
    const scbData = scbLength === 2 ? NO_BYTES : bytes.slice(offset + 2, offset + scbLength);
    scb = { type: bytes[offset + 1]!, data: scbData };
    offset += scbLength;
  }
  if (offset >= checkEnd) return fail("BadLength", `LEN ${length} leaves no room for a code`);
  const code = bytes[offset]!;
  let dataEnd = checkEnd;
  let mac: Uint8Array | null = null;
  // A MAC-type block too short to hold a MAC still decodes (mac: null): the Secure Channel layer rejects it with
  // NAK 0x06 rather than the framer dropping it (libosdp test vector "SCS_16 while SC inactive").
  if (scb !== null && carriesMac(scb.type) && checkEnd - (offset + 1) >= MAC_LENGTH) {
    dataEnd = checkEnd - MAC_LENGTH;
    mac = bytes.slice(dataEnd, checkEnd);
  }
  const addrByte = bytes[start + 1]!;
  return Either.right({
    addr: addrByte & 0x7f,
    reply: (addrByte & REPLY_BIT) !== 0,
    sqn: ctrl & CTRL_SQN,
    check,
    scb,
    code,
    data: dataEnd === offset + 1 ? NO_BYTES : bytes.slice(offset + 1, dataEnd),
    mac,
  });
};

/** Decodes one whole frame, skipping leading mark bytes. Never throws. */
export const decodeFrame = (bytes: Uint8Array): Either.Either<Frame, FrameError> => {
  let start = 0;
  while (start < bytes.length && bytes[start] === MARK) start++;
  return decodeFrameAt(bytes, start, bytes.length);
};

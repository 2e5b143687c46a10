/** OSDP command, reply, NAK and security-block codes with their names (OSDP 2.2 §6, §7, Annex D/E). */

/** Command codes (CP → PD) with a typed payload here, plus the other OSDP 2.2 commands by name only. */
export const CommandCode = {
  POLL: 0x60,
  ID: 0x61,
  CAP: 0x62,
  LSTAT: 0x64,
  ISTAT: 0x65,
  OSTAT: 0x66,
  RSTAT: 0x67,
  OUT: 0x68,
  LED: 0x69,
  BUZ: 0x6a,
  TEXT: 0x6b,
  COMSET: 0x6e,
  BIOREAD: 0x73,
  BIOMATCH: 0x74,
  KEYSET: 0x75,
  CHLNG: 0x76,
  SCRYPT: 0x77,
  ACURXSIZE: 0x7b,
  FILETRANSFER: 0x7c,
  MFG: 0x80,
  XWR: 0xa1,
  ABORT: 0xa2,
  PIVDATA: 0xa3,
  GENAUTH: 0xa4,
  CRAUTH: 0xa5,
  KEEPACTIVE: 0xa7,
} as const;

/** Reply codes (PD → CP); the values overlap command codes (0x76, 0x80), so a code means nothing without its direction. */
export const ReplyCode = {
  ACK: 0x40,
  NAK: 0x41,
  PDID: 0x45,
  PDCAP: 0x46,
  LSTATR: 0x48,
  ISTATR: 0x49,
  OSTATR: 0x4a,
  RSTATR: 0x4b,
  RAW: 0x50,
  FMT: 0x51,
  KEYPAD: 0x53,
  COM: 0x54,
  BIOREADR: 0x57,
  BIOMATCHR: 0x58,
  CCRYPT: 0x76,
  RMAC_I: 0x78,
  BUSY: 0x79,
  FTSTAT: 0x7a,
  PIVDATAR: 0x80,
  GENAUTHR: 0x81,
  CRAUTHR: 0x82,
  MFGSTATR: 0x83,
  MFGERRR: 0x84,
  MFGREP: 0x90,
  XRD: 0xb1,
} as const;

/** NAK error codes (OSDP 2.2 Table 47). */
export const NakCode = {
  CHECK: 0x01,
  LENGTH: 0x02,
  UNKNOWN_COMMAND: 0x03,
  SEQUENCE: 0x04,
  UNSUPPORTED_SECURITY_BLOCK: 0x05,
  SECURE_CHANNEL_REQUIRED: 0x06,
  BIO_TYPE: 0x07,
  BIO_FORMAT: 0x08,
  RECORD: 0x09,
} as const;

/** Security block types (Annex D): 0x11–0x14 the handshake, 0x15–0x18 MAC'd traffic, 0x17/0x18 with encrypted data. */
export const ScbType = {
  CHLNG: 0x11,
  CCRYPT: 0x12,
  SCRYPT: 0x13,
  RMAC_I: 0x14,
  COMMAND_MAC: 0x15,
  REPLY_MAC: 0x16,
  COMMAND_ENCRYPTED: 0x17,
  REPLY_ENCRYPTED: 0x18,
} as const;

const invert = (table: Record<string, number>): Map<number, string> =>
  new Map(Object.entries(table).map(([name, code]) => [code, name]));

const COMMAND_NAMES = invert(CommandCode);
const REPLY_NAMES = invert(ReplyCode);
const NAK_NAMES = invert(NakCode);

/** The OSDP name of a code in a direction ("POLL", "NAK"); unknown codes read "UNKNOWN_0xNN". */
export const codeName = (code: number, reply: boolean): string =>
  (reply ? REPLY_NAMES : COMMAND_NAMES).get(code) ?? `UNKNOWN_0x${code.toString(16).padStart(2, "0")}`;

/** The name of a NAK error code ("SECURE_CHANNEL_REQUIRED"). */
export const nakName = (code: number): string =>
  NAK_NAMES.get(code) ?? `UNKNOWN_0x${code.toString(16).padStart(2, "0")}`;

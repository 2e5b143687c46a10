/** Commands that drive the PD's outputs and reader feedback: OUT, LED, BUZ, TEXT (OSDP 2.2 §6.7–6.10). */
import { concatBytes, u16le } from "../bytes";
import { CommandCode } from "../codes";
import type { MessageCodec } from "./codec";
import type { ByteReader } from "./reader";

/** One output control record: output number, control code (0 nop … 6 temporary on), timer in 100 ms units. */
export interface OutputRecord {
  readonly output: number;
  readonly control: number;
  readonly timer: number;
}

/** osdp_OUT: one or more output control records. */
export interface OutputControl {
  readonly kind: "OUT";
  readonly records: ReadonlyArray<OutputRecord>;
}

/** The permanent LED state: control code, on/off times (100 ms units) and colours (0 black, 1 red, 2 green, …). */
export interface LedPermanent {
  readonly control: number;
  readonly onTime: number;
  readonly offTime: number;
  readonly onColor: number;
  readonly offColor: number;
}

/** The temporary LED state: as the permanent one plus how long it lasts (100 ms units). */
export interface LedTemporary extends LedPermanent {
  readonly timer: number;
}

/** One LED control record (14 bytes). */
export interface LedRecord {
  readonly reader: number;
  readonly led: number;
  readonly temporary: LedTemporary;
  readonly permanent: LedPermanent;
}

/** osdp_LED: one or more LED control records. */
export interface LedControl {
  readonly kind: "LED";
  readonly records: ReadonlyArray<LedRecord>;
}

/** osdp_BUZ: tone code (0 none, 1 off, 2 default), on/off times (100 ms units), repeat count (0 = forever). */
export interface BuzzerControl {
  readonly kind: "BUZ";
  readonly reader: number;
  readonly tone: number;
  readonly onTime: number;
  readonly offTime: number;
  readonly count: number;
}

/** osdp_TEXT: text at a row/column; `command` 1–4 (permanent/temporary, wrap or not), `tempTime` in seconds. */
export interface TextOutput {
  readonly kind: "TEXT";
  readonly reader: number;
  readonly command: number;
  readonly tempTime: number;
  readonly row: number;
  readonly column: number;
  readonly text: string;
}

const OUT_RECORD = 4;
const LED_RECORD = 14;

const recordsOf = <T>(r: ByteReader, size: number, name: string, read: () => T): Array<T> => {
  if (r.remaining() === 0 || r.remaining() % size !== 0) r.fail(`${name} needs whole ${size}-byte records`);
  const records: Array<T> = [];
  while (r.remaining() >= size) records.push(read());
  return records;
};

/** OUT codec. */
export const outputControlCodec: MessageCodec<OutputControl> = {
  kind: "OUT",
  code: CommandCode.OUT,
  encode: (m) =>
    concatBytes(...m.records.map((o) => concatBytes(Uint8Array.of(o.output, o.control), u16le(o.timer)))),
  decode: (r) => ({
    kind: "OUT",
    records: recordsOf(r, OUT_RECORD, "OUT", () => ({ output: r.u8(), control: r.u8(), timer: r.u16() })),
  }),
};

const readLedState = (r: ByteReader): LedPermanent => ({
  control: r.u8(),
  onTime: r.u8(),
  offTime: r.u8(),
  onColor: r.u8(),
  offColor: r.u8(),
});

const ledStateBytes = (s: LedPermanent): Uint8Array =>
  Uint8Array.of(s.control, s.onTime, s.offTime, s.onColor, s.offColor);

/** LED codec. */
export const ledControlCodec: MessageCodec<LedControl> = {
  kind: "LED",
  code: CommandCode.LED,
  encode: (m) =>
    concatBytes(
      ...m.records.map((l) =>
        concatBytes(
          Uint8Array.of(l.reader, l.led),
          ledStateBytes(l.temporary),
          u16le(l.temporary.timer),
          ledStateBytes(l.permanent),
        ),
      ),
    ),
  decode: (r) => ({
    kind: "LED",
    records: recordsOf(r, LED_RECORD, "LED", () => {
      const reader = r.u8();
      const led = r.u8();
      const temporary = { ...readLedState(r), timer: r.u16() };
      return { reader, led, temporary, permanent: readLedState(r) };
    }),
  }),
};

/** BUZ codec. */
export const buzzerControlCodec: MessageCodec<BuzzerControl> = {
  kind: "BUZ",
  code: CommandCode.BUZ,
  encode: (m) => Uint8Array.of(m.reader, m.tone, m.onTime, m.offTime, m.count),
  decode: (r) => ({
    kind: "BUZ",
    reader: r.u8(),
    tone: r.u8(),
    onTime: r.u8(),
    offTime: r.u8(),
    count: r.u8(),
  }),
};

/** TEXT codec: the text is single-byte characters (OSDP displays are ASCII). */
export const textOutputCodec: MessageCodec<TextOutput> = {
  kind: "TEXT",
  code: CommandCode.TEXT,
  encode: (m) =>
    concatBytes(
      Uint8Array.of(m.reader, m.command, m.tempTime, m.row, m.column, m.text.length),
      Uint8Array.from({ length: m.text.length }, (_, i) => m.text.charCodeAt(i) & 0xff),
    ),
  decode: (r) => {
    const head = { reader: r.u8(), command: r.u8(), tempTime: r.u8(), row: r.u8(), column: r.u8() };
    const text = String.fromCharCode(...r.bytes(r.u8()));
    return { kind: "TEXT", ...head, text };
  },
};

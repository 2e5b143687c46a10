/** A simulated OSDP peripheral device (a reader) on a byte transport, with Secure Channel, reply cache and faults. */
import type { EngineClock } from "@portcullis/engine";
import {
  type Capability,
  carriesMac,
  checkLength,
  type Command,
  type Crypto,
  decodeFrame,
  type Frame,
  makeFramer,
  makePdSession,
  NakCode,
  nodeCrypto,
  type OsdpTransport,
  type PdId,
  type PdSession,
  type PdSessionOptions,
  type Reply,
  ReplyCode,
  writeCheck,
} from "@portcullis/protocols";
import { Either } from "effect";
import { PdIndicators } from "./PdIndicators";

/**
 * A fault the PD shows for its next commands: silence, a corrupted CRC, BUSY, a NAK with `code`, a reply sent
 * `delayMs` after the command instead of at once (past the CP's reply timeout, say), or a reply sent again
 * `afterMs` after the first (a repeat from the reply cache the CP never asked for), or a Secure Channel reply
 * replaced on the wire: its MAC no longer verifies (with `handshake`, nor do CCRYPT's cryptogram and RMAC_I's
 * RMAC-I), its check still does; plaintext replies pass untouched.
 */
export type PdFault =
  | { readonly kind: "no-reply" }
  | { readonly kind: "corrupt-crc" }
  | { readonly kind: "busy" }
  | { readonly kind: "nak"; readonly code: number }
  | { readonly kind: "late"; readonly delayMs: number }
  | { readonly kind: "duplicate"; readonly afterMs: number }
  | { readonly kind: "replace"; readonly handshake: boolean };

/** A simulated PD's identity, capabilities, keys and timing. */
export interface SimulatedPdOptions {
  readonly clock: EngineClock;
  readonly transport: OsdpTransport;
  readonly address: number;
  /** AES and randomness (RND.B); default node:crypto. */
  readonly crypto?: Crypto;
  readonly cUid?: Uint8Array;
  readonly id?: PdId;
  /** PDCAP; by default a reader with LED, buzzer, keypad and (unless `secureChannel` is false) AES-128 Secure Channel. */
  readonly capabilities?: ReadonlyArray<Capability>;
  /** False: no Secure Channel support — no PDCAP function 9, and NAK 0x05 to every security block. */
  readonly secureChannel?: boolean;
  /** The PD's SCBK; null (default) is a factory-fresh PD that knows only SCBK-D. */
  readonly scbk?: Uint8Array | null;
  readonly installMode?: boolean;
  /** From a command's last byte to the reply's first (default 1 ms). */
  readonly turnaroundMs?: number;
  /** KEYPAD '#'/'*' as the spec's 0x0D/0x7F (default) or as ASCII 0x23/0x2A, as some stacks send them. */
  readonly keypadEncoding?: "spec" | "ascii";
  readonly inputCount?: number;
  readonly outputCount?: number;
  /** Status replies in a session with their data in clear under SCS_16 or SCS_15, as libosdp sends them. */
  readonly statusRepliesInClear?: PdSessionOptions["statusRepliesInClear"];
}

/** One command as the PD received it (repeats answered from the reply cache included). */
export interface ReceivedCommand {
  readonly at: number;
  readonly sqn: number;
  /** The command's kind; "?" when it could not be decoded (Secure Channel refused it). */
  readonly kind: string;
  readonly repeated: boolean;
  /** The command carried a security block (a handshake or Secure Channel frame). */
  readonly secure: boolean;
}

const ACK: Reply = { kind: "ACK" };
const OSDP_BROADCAST = 0x7f;

/** The default PDID of a simulated PD (vendor OUI 00-00-00, serial = address). */
export const simulatedPdId = (address: number): PdId => ({
  kind: "PDID",
  vendorCode: new Uint8Array(3),
  model: 1,
  version: 1,
  serialNumber: address,
  firmware: { major: 1, minor: 0, build: 0 },
});

/** PDCAP of a simple reader: contact status, outputs, card format, LED, buzzer, text, keypad, and Secure Channel. */
export const simulatedPdCapabilities = (secureChannel: boolean): Array<Capability> => [
  { function: 1, compliance: 1, count: 1 },
  { function: 2, compliance: 1, count: 1 },
  { function: 3, compliance: 1, count: 0 },
  { function: 4, compliance: 1, count: 1 },
  { function: 5, compliance: 1, count: 1 },
  { function: 6, compliance: 1, count: 1 },
  { function: 8, compliance: 1, count: 0 },
  ...(secureChannel ? [{ function: 9, compliance: 1, count: 1 }] : []),
];

const bitsToBytes = (bits: string): Uint8Array => {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === "1") out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
};

const nextSqn = (sqn: number): number => (sqn % 3) + 1;

// The last byte before the check is the MAC's (SCS_15–18) or the cryptogram's / RMAC-I's (CCRYPT, RMAC_I).
const replaced = (bytes: Uint8Array, handshake: boolean): Uint8Array => {
  const frame = decodeFrame(bytes);
  if (Either.isLeft(frame) || frame.right.scb === null) return bytes;
  if (!carriesMac(frame.right.scb.type) && !handshake) return bytes;
  const out = bytes.slice();
  out[out.length - 1 - checkLength(frame.right.check)]! ^= 0x01;
  writeCheck(out, frame.right.check);
  return out;
};

/**
 * A reader on an OSDP line. It answers commands addressed to it after `turnaroundMs`, keeps the last reply for a
 * repeated SQN (OSDP 2.2 §5.7: answer the same reply again), reports injected cards and keys on the next POLL, and
 * tracks its indicators. Faults and `unplug` make it misbehave for the CP's tests.
 */
export class SimulatedPd {
  readonly address: number;
  readonly indicators = new PdIndicators();
  /** Every command received, in order. */
  readonly received: Array<ReceivedCommand> = [];
  private readonly clock: EngineClock;
  private readonly transport: OsdpTransport;
  private readonly framer = makeFramer();
  private readonly events: Array<Reply> = [];
  private readonly faults: Array<PdFault> = [];
  private readonly id: PdId;
  private readonly capabilities: ReadonlyArray<Capability>;
  private readonly secureChannel: boolean;
  private readonly turnaroundMs: number;
  private readonly keypadEncoding: "spec" | "ascii";
  private readonly inputs: Array<number>;
  private readonly outputCount: number;
  private readonly sessionOptions: PdSessionOptions;
  private session: PdSession;
  private persistent: PdFault | undefined;
  private lastSqn: number | undefined;
  private last: { readonly kind: string; readonly bytes: Uint8Array } | undefined;
  private plugged = true;
  private tamper = false;
  private powerFailure = false;

  constructor(options: SimulatedPdOptions) {
    this.address = options.address;
    this.clock = options.clock;
    this.transport = options.transport;
    this.secureChannel = options.secureChannel ?? true;
    this.id = options.id ?? simulatedPdId(options.address);
    this.capabilities = options.capabilities ?? simulatedPdCapabilities(this.secureChannel);
    this.turnaroundMs = options.turnaroundMs ?? 1;
    this.keypadEncoding = options.keypadEncoding ?? "spec";
    this.inputs = Array.from({ length: options.inputCount ?? 1 }, () => 0);
    this.outputCount = options.outputCount ?? 1;
    this.sessionOptions = {
      crypto: options.crypto ?? nodeCrypto,
      cUid: options.cUid ?? Uint8Array.of(0, 0, 0, 0, 0, 0, 0, options.address),
      scbk: options.scbk ?? null,
      installMode: options.installMode ?? false,
      ...(options.statusRepliesInClear !== undefined && {
        statusRepliesInClear: options.statusRepliesInClear,
      }),
    };
    this.session = makePdSession(this.sessionOptions);
    this.transport.onData((chunk) => {
      if (!this.plugged) return;
      for (const output of this.framer.push(chunk)) if (Either.isRight(output)) this.onFrame(output.right);
    });
  }

  /** A card presented: reported as osdp_RAW (format 1 = Wiegand by default) on the next POLL. */
  swipe(bits: string, options?: { readonly format?: number; readonly reader?: number }): void {
    this.events.push({
      kind: "RAW",
      reader: options?.reader ?? 0,
      format: options?.format ?? 1,
      bitCount: bits.length,
      data: bitsToBytes(bits),
    });
  }

  /** Keys pressed: reported as osdp_KEYPAD on the next POLL, '#'/'*' in the configured encoding. */
  keypad(keys: string, reader = 0): void {
    if (this.keypadEncoding === "spec") {
      this.events.push({ kind: "KEYPAD", reader, keys });
      return;
    }
    // Some stacks send ASCII '#'/'*': the bytes go out as they are, for the CP to normalise.
    const bytes = Array.from(keys, (k) => k.charCodeAt(0) & 0xff);
    this.events.push({
      kind: "Unknown",
      code: ReplyCode.KEYPAD,
      data: Uint8Array.of(reader, keys.length, ...bytes),
    });
  }

  /** Opens or closes the tamper switch; the change is reported as LSTATR on the next POLL. */
  setTamper(active: boolean): void {
    this.tamper = active;
    this.events.push({ kind: "LSTATR", tamper: this.tamper, powerFailure: this.powerFailure });
  }

  /** Sets input `n`; a change is reported as ISTATR on the next POLL (as an I/O module does), and to ISTAT. */
  setInput(n: number, active: boolean): void {
    const state = active ? 1 : 0;
    if (this.inputs[n] === state) return;
    this.inputs[n] = state;
    this.events.push({ kind: "ISTATR", inputs: [...this.inputs] });
  }

  /** Shows `fault` for the next `count` commands addressed to this PD (default: until `clearFaults`). */
  inject(fault: PdFault, count = Infinity): void {
    if (count === Infinity) this.persistent = fault;
    else for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Ends every injected fault. */
  clearFaults(): void {
    this.faults.length = 0;
    this.persistent = undefined;
  }

  /** Disconnects the PD from the line: it hears and says nothing until `plug`. */
  unplug(): void {
    this.plugged = false;
  }

  /** Reconnects the PD; it has lost its session and sequence (not its key), as after a power cycle. */
  plug(): void {
    this.plugged = true;
    this.restart();
  }

  /**
   * Restarts the PD (a power cycle on a live line): it loses its session and sequence, not its key, and — as
   * libosdp does — answers any command but one at SQN 0 with a plaintext NAK "sequence error" at SQN 0.
   */
  restart(): void {
    this.lastSqn = undefined;
    this.last = undefined;
    this.session = makePdSession({ ...this.sessionOptions, scbk: this.session.scbk() });
  }

  /** The SCBK the PD holds (null: factory state). */
  scbk(): Uint8Array | null {
    return this.session.scbk();
  }

  /** The PD's own install mode: it accepts a handshake under SCBK-D. */
  setInstallMode(on: boolean): void {
    this.session.setInstallMode(on);
  }

  /** Whether the PD's Secure Channel session is active. */
  secureChannelActive(): boolean {
    return this.session.state() === "active";
  }

  /** How many commands of `kind` arrived in `[fromMs, toMs)`, repeats included. */
  countReceived(kind: string, fromMs = -Infinity, toMs = Infinity): number {
    let n = 0;
    for (const r of this.received) if (r.kind === kind && r.at >= fromMs && r.at < toMs) n++;
    return n;
  }

  private takeFault(): PdFault | undefined {
    return this.faults.shift() ?? this.persistent;
  }

  private onFrame(frame: Frame): void {
    if (frame.reply || (frame.addr !== this.address && frame.addr !== OSDP_BROADCAST)) return;
    const at = this.clock.now();
    const fault = this.takeFault();
    const header = { addr: this.address, sqn: frame.sqn, check: frame.check };
    const secure = frame.scb !== null;
    if (frame.sqn !== 0 && this.lastSqn === undefined) {
      // Fresh from a restart: nothing but a conversation opened at SQN 0 is taken.
      this.received.push({ at, sqn: frame.sqn, kind: "?", repeated: false, secure });
      const nak: Reply = { kind: "NAK", error: NakCode.SEQUENCE, detail: new Uint8Array(0) };
      this.reply(this.session.encodeReply({ ...header, sqn: 0 }, nak));
      return;
    }
    if (frame.sqn !== 0 && frame.sqn === this.lastSqn && this.last !== undefined) {
      this.received.push({ at, sqn: frame.sqn, kind: this.last.kind, repeated: true, secure });
      if (fault?.kind !== "no-reply") this.reply(this.last.bytes, fault);
      return;
    }
    if (fault?.kind === "no-reply") {
      this.received.push({ at, sqn: frame.sqn, kind: "?", repeated: false, secure });
      return;
    }
    // BUSY is not cached: the CP repeats the command with the same SQN and it is processed then.
    if (fault?.kind === "busy") {
      this.received.push({ at, sqn: frame.sqn, kind: "?", repeated: false, secure });
      this.reply(this.session.encodeReply(header, { kind: "BUSY" }));
      return;
    }
    const answered = this.answer(frame, fault, header);
    this.received.push({ at, sqn: frame.sqn, kind: answered.kind, repeated: false, secure });
    this.lastSqn = frame.sqn;
    this.last = answered;
    this.reply(answered.bytes, fault);
  }

  private answer(
    frame: Frame,
    fault: PdFault | undefined,
    header: { addr: number; sqn: number; check: Frame["check"] },
  ): { kind: string; bytes: Uint8Array } {
    const nak = (code: number) =>
      this.session.encodeReply(header, { kind: "NAK", error: code, detail: new Uint8Array(0) });
    if (frame.sqn !== 0 && this.lastSqn !== undefined && frame.sqn !== nextSqn(this.lastSqn))
      return { kind: "?", bytes: nak(NakCode.SEQUENCE) };
    if (!this.secureChannel && frame.scb !== null)
      return { kind: "?", bytes: nak(NakCode.UNSUPPORTED_SECURITY_BLOCK) };
    const decoded = this.session.decodeCommand(frame);
    if (Either.isLeft(decoded))
      return {
        kind: "?",
        bytes: nak(
          decoded.left._tag === "SecureChannelError" ? NakCode.SECURE_CHANNEL_REQUIRED : NakCode.LENGTH,
        ),
      };
    const command = decoded.right;
    if (fault?.kind === "nak") return { kind: command.kind, bytes: nak(fault.code) };
    const reply = this.session.handshakeReply() ?? this.respond(command);
    return { kind: command.kind, bytes: this.session.encodeReply(header, reply) };
  }

  private respond(command: Command): Reply {
    const now = this.clock.now();
    switch (command.kind) {
      case "POLL":
        return this.events.shift() ?? ACK;
      case "ID":
        return this.id;
      case "CAP":
        return { kind: "PDCAP", capabilities: this.capabilities };
      case "LSTAT":
        return { kind: "LSTATR", tamper: this.tamper, powerFailure: this.powerFailure };
      case "ISTAT":
        return { kind: "ISTATR", inputs: [...this.inputs] };
      case "OSTAT":
        return { kind: "OSTATR", outputs: this.indicators.outputStates(now, this.outputCount) };
      case "RSTAT":
        return { kind: "RSTATR", readers: [this.tamper ? 2 : 0] };
      case "LED":
        for (const record of command.records) this.indicators.applyLed(record, now);
        return ACK;
      case "BUZ":
        this.indicators.applyBuzzer(command, now);
        return ACK;
      case "OUT":
        for (const record of command.records) this.indicators.applyOutput(record, now);
        return ACK;
      case "TEXT":
        this.indicators.text = command;
        return ACK;
      case "COMSET":
        return { kind: "COM", address: command.address, baudRate: command.baudRate };
      // The session adopts a KEYSET's key when it encodes this ACK.
      case "KEYSET":
      case "ACURXSIZE":
      case "KEEPACTIVE":
        return ACK;
      default:
        return { kind: "NAK", error: NakCode.UNKNOWN_COMMAND, detail: new Uint8Array(0) };
    }
  }

  private reply(bytes: Uint8Array, fault?: PdFault): void {
    let out = bytes;
    if (fault?.kind === "corrupt-crc") {
      out = bytes.slice();
      out[out.length - 1]! ^= 0xff;
    }
    if (fault?.kind === "replace") out = replaced(bytes, fault.handshake);
    const send = () => {
      if (this.plugged) this.transport.write(out);
    };
    this.clock.setTimeout(send, fault?.kind === "late" ? fault.delayMs : this.turnaroundMs);
    if (fault?.kind === "duplicate") this.clock.setTimeout(send, this.turnaroundMs + fault.afterMs);
  }
}

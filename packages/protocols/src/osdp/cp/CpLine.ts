/** A control panel on one RS-485 line: per-PD machines, the transaction layer and the slot scheduler over a byte transport. */
import { Either } from "effect";
import { type Actor, type AnyActor, createActor } from "xstate";
import type { Crypto } from "../../crypto";
import { concatBytes } from "../bytes";
import { type CpSession, makeCpSession } from "../cpSession";
import { ReplyCode } from "../codes";
import { carriesMac, type Frame, type FrameCheck, MARK } from "../frame";
import { makeFramer } from "../framer";
import { type Command, KEY_TYPE_SCBK, rawBits, type Reply } from "../messages";
import { SCBK_D } from "../scbk";
import type { CpActorRestarted, CpLineEvent, ReaderLinkStatus, SecureChannelState } from "./events";
import { pdMachine, type PdSnapshot, pdStep, type PdStep } from "./pdMachine";
import { LineScheduler, type SlotCandidate } from "./scheduler";
import { BUSY_RETRY_MS, POLL_INTERVAL_MS, replyTimeoutMs, TRANSACTION_RESTART_MS } from "./timing";
import { transactionMachine } from "./transaction";
import type { CpClock, OsdpTransport } from "./transport";

/** One reader (PD) on the line. */
export interface CpReaderConfig {
  /** The configured reader id events carry. */
  readonly readerId: string;
  /** OSDP address 0–126. */
  readonly address: number;
  /**
   * The reader's SCBK when Secure Channel is in effect for it (`deriveScbk` from the site main key, or set by an
   * admin); null runs the reader in plaintext. SCBK-D is never configured here: it is used only in install mode.
   */
  readonly scbk: Uint8Array | null;
}

/** A line's transport, clock, crypto, speed and readers. */
export interface CpLineOptions {
  readonly transport: OsdpTransport;
  readonly clock: CpClock;
  /** Randomness (RND.A) and AES for Secure Channel. */
  readonly crypto: Crypto;
  /** Line speed; the reply timeout adds each command's transmit time at this rate. */
  readonly baudRate: number;
  readonly readers: ReadonlyArray<CpReaderConfig>;
  /** CRC-16 (default) or checksum frames. */
  readonly check?: FrameCheck;
  /** Send the 0xFF mark byte before each frame (default true, as libosdp does). */
  readonly mark?: boolean;
  readonly pollIntervalMs?: number;
}

/** A running control panel line. */
export interface CpLine {
  /** Starts the PD machines and listening on the transport. */
  readonly start: () => void;
  /** Stops every machine and timer and stops listening. */
  readonly stop: () => void;
  readonly subscribe: (listener: (event: CpLineEvent) => void) => () => void;
  /**
   * Queues a command (LED, BUZ, OUT, TEXT, LSTAT, …) for an online reader; queued commands go ahead of polls, and
   * OUT commands (a lock waits on them) ahead of every other command on the line.
   * False when the reader is unknown or not online (a reader coming online again starts with an empty queue).
   */
  readonly send: (readerId: string, command: Command) => boolean;
  /** Allows SCBK-D for this reader for `durationMs`; it ends early when the reader accepts its own key by KEYSET. */
  readonly setInstallMode: (readerId: string, durationMs: number) => void;
  readonly status: (readerId: string) => ReaderLinkStatus | undefined;
}

// A command sent and not yet answered: re-sent byte for byte (same SQN, same MAC) until its PD moves on.
interface Pending {
  readonly bytes: Uint8Array;
  readonly command: Command;
  /** The PD echoes it in its reply: a reply with another SQN answers an earlier command. */
  readonly sqn: number;
  /** The PD machine's step it was sent in; a later step drops it. */
  readonly step: number;
  timedOut: boolean;
}

interface Link {
  readonly config: CpReaderConfig;
  actor: Actor<typeof pdMachine>;
  readonly session: CpSession;
  readonly queue: Array<Command>;
  sqn: number;
  pending: Pending | undefined;
  lastSentAt: number;
  notBefore: number;
  status: ReaderLinkStatus;
  secureChannel: SecureChannelState | undefined;
}

const POLL: Command = { kind: "POLL" };
const MARK_BYTE = Uint8Array.of(MARK);

/** How many OUT commands head `queue`: where the next OUT goes. */
const leadingOuts = (queue: ReadonlyArray<Command>): number => {
  let n = 0;
  while (queue[n]?.kind === "OUT") n++;
  return n;
};

// OSDP 2.2 §5.5: SQN 0 starts a conversation; afterwards 1, 2, 3, 1, …
const nextSqn = (sqn: number): number => (sqn % 3) + 1;

/** Makes a CP line; nothing is sent before `start`. */
export const makeCpLine = (options: CpLineOptions): CpLine => {
  const { transport, clock, crypto, baudRate } = options;
  const check = options.check ?? "crc";
  const mark = options.mark ?? true;
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  const listeners = new Set<(event: CpLineEvent) => void>();
  const framer = makeFramer();
  const scheduler = new LineScheduler();
  let awaiting: Link | undefined;
  let unlisten: (() => void) | undefined;
  let running = false;

  const publish = (event: CpLineEvent) => {
    for (const listener of listeners) listener(event);
  };
  const base = (link: Link) => ({ readerId: link.config.readerId, at: clock.now() });

  const rebuilding = new Set<string>();
  /**
   * DESIGN §2: a failing machine is reported as `ActorRestarted` and rebuilt, never a crashed host. XState
   * only logs what an `on` handler throws, so the handlers run through the returned guard: what they throw
   * (a listener, the transport) fails the machine too. A failed machine is stopped and its handlers go quiet;
   * one that fails again while it is being rebuilt is left stopped rather than rebuilt in a loop.
   */
  const supervise = (
    actor: AnyActor,
    restarted: Omit<CpActorRestarted, "type" | "at" | "error">,
    rebuild: () => void,
  ) => {
    let failed = false;
    const name = restarted.readerId ?? restarted.actor;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      actor.stop();
      if (rebuilding.has(name)) return;
      publish({ type: "ActorRestarted", at: clock.now(), ...restarted, error: String(error) });
      rebuilding.add(name);
      try {
        rebuild();
      } finally {
        rebuilding.delete(name);
      }
    };
    actor.subscribe({ error: fail });
    return <E>(handler: (event: E) => void) =>
      (event: E) => {
        if (failed) return;
        try {
          handler(event);
        } catch (error) {
          fail(error);
        }
      };
  };

  // The transaction layer: its `slot` and `timeout` drive the whole line.
  const startTransaction = (): Actor<typeof transactionMachine> => {
    const actor = createActor(transactionMachine, { clock, input: { now: () => clock.now() } });
    const guard = supervise(actor, { actor: "transaction" }, () => {
      // The reply being awaited is abandoned; a fresh layer takes over after a pause, so a port that keeps
      // failing costs a restart a second, not a loop.
      awaiting = undefined;
      framer.flush();
      const next = startTransaction();
      transaction = next;
      clock.setTimeout(() => {
        if (running && transaction === next) next.start();
      }, TRANSACTION_RESTART_MS);
    });
    actor.on("slot", guard(onSlot));
    actor.on("timeout", guard(onTimeout));
    return actor;
  };

  // A reader's PD machine; rebuilt after an error, it brings the reader up again from ID.
  const startPd = (link: Link): Actor<typeof pdMachine> => {
    const { config } = link;
    const actor = createActor(pdMachine, { input: { secureChannel: config.scbk !== null }, clock });
    const guard = supervise(actor, { actor: "pd", readerId: config.readerId }, () => {
      if (awaiting === link) awaiting = undefined;
      link.pending = undefined;
      link.actor = startPd(link);
      if (running) link.actor.start();
    });
    actor.on(
      "ready",
      guard(() => transaction.send({ type: "WAKE" })),
    );
    actor.on(
      "identified",
      guard((e) => publish({ type: "PdIdentified", ...base(link), id: e.id, capabilities: e.capabilities })),
    );
    actor.on(
      "installMode",
      guard((e) => publish({ type: "InstallMode", ...base(link), active: e.active })),
    );
    actor.on(
      "secureChannel",
      guard((e) => {
        if (link.secureChannel === e.state) return;
        link.secureChannel = e.state;
        publish({ type: "SecureChannel", ...base(link), state: e.state });
      }),
    );
    actor.on(
      "status",
      guard((e) => {
        if (link.status === e.status) return;
        link.status = e.status;
        if (e.status === "online") {
          publish({ type: "ReaderOnline", ...base(link), secureChannel: config.scbk !== null });
          return;
        }
        // Feedback queued for a reader that went away is stale by the time it comes back.
        link.queue.length = 0;
        if (e.status === "offline") publish({ type: "ReaderOffline", ...base(link) });
        else
          publish({
            type: "ReaderError",
            ...base(link),
            secureChannel: link.secureChannel === "unsupported" ? "unsupported" : "failed",
          });
      }),
    );
    return actor;
  };

  const makeLink = (config: CpReaderConfig): Link => {
    const fields: Omit<Link, "actor"> = {
      config,
      session: makeCpSession(crypto),
      queue: [],
      sqn: 0,
      pending: undefined,
      lastSentAt: -Infinity,
      notBefore: -Infinity,
      status: "connecting",
      secureChannel: undefined,
    };
    // The PD machine's handlers need the link, so its actor is set right after.
    const link = fields as Link;
    link.actor = startPd(link);
    return link;
  };

  const links = options.readers.map(makeLink);
  const byId = new Map(links.map((l) => [l.config.readerId, l]));

  // The command a step calls for; undefined when the session cannot produce it (then the handshake failed).
  const commandFor = (link: Link, step: PdStep): Command | undefined => {
    switch (step.kind) {
      case "ID":
        // ID opens a conversation at SQN 0 in plaintext: a PD that restarted, or lost track of our sequence, holds
        // no session any more, and one at SQN 0 drops its own (libosdp); the handshake follows CAP again.
        link.session.reset();
        return { kind: "ID", requestType: 0 };
      case "CAP":
        return { kind: "CAP", requestType: 0 };
      case "CHLNG": {
        const key = step.installKey ? SCBK_D : link.config.scbk;
        return key === null ? undefined : link.session.begin(key);
      }
      case "SCRYPT":
        return link.session.serverCryptogram();
      case "KEYSET":
        return link.config.scbk === null
          ? undefined
          : { kind: "KEYSET", keyType: KEY_TYPE_SCBK, key: link.config.scbk };
      case "POLL":
        return link.queue.shift() ?? POLL;
    }
  };

  const candidate = (link: Link, snapshot: PdSnapshot, step: PdStep): SlotCandidate => {
    if (snapshot.matches({ offline: "probeDue" })) return { kind: "probe", dueAt: -Infinity };
    const pending = link.pending !== undefined && link.pending.step === snapshot.context.step;
    // An OUT, sent or queued, is the one command a lock waits on: it is (re)sent before anything else on the line.
    const next = pending ? link.pending?.command : step.kind === "POLL" ? link.queue[0] : undefined;
    if (next?.kind === "OUT") return { kind: "output", dueAt: link.notBefore };
    const urgent = !pending && (step.kind !== "POLL" || link.queue.length > 0);
    return urgent
      ? { kind: "urgent", dueAt: link.notBefore }
      : { kind: "poll", dueAt: Math.max(link.notBefore, link.lastSentAt + pollIntervalMs) };
  };

  const transmit = (link: Link, snapshot: PdSnapshot, step: PdStep) => {
    let pending = link.pending;
    if (pending === undefined || pending.step !== snapshot.context.step) {
      const command = commandFor(link, step);
      if (command === undefined) {
        link.pending = undefined;
        link.actor.send({ type: "REJECTED", reason: "NoKey" });
        transaction.send({ type: "WAIT", ms: 0 });
        return;
      }
      // ID always opens a conversation, and the first CHLNG under a new key starts its session at SQN 0.
      link.sqn = step.kind === "ID" || (step.kind === "CHLNG" && step.newSession) ? 0 : nextSqn(link.sqn);
      const frame = link.session.encodeCommand({ addr: link.config.address, sqn: link.sqn, check }, command);
      pending = {
        bytes: mark ? concatBytes(MARK_BYTE, frame) : frame,
        command,
        sqn: link.sqn,
        step: snapshot.context.step,
        timedOut: false,
      };
      link.pending = pending;
    }
    awaiting = link;
    link.lastSentAt = clock.now();
    transaction.send({ type: "SENT", timeoutMs: replyTimeoutMs(pending.bytes.length, baudRate) });
    transport.write(pending.bytes);
  };

  const onSlot = () => {
    const snapshots = links.map((l) => l.actor.getSnapshot());
    const steps = snapshots.map(pdStep);
    const candidates = links.map((l, i) => {
      const step = steps[i];
      return step === undefined ? undefined : candidate(l, snapshots[i]!, step);
    });
    const choice = scheduler.pick(candidates, clock.now());
    if (choice.kind === "send")
      transmit(links[choice.index]!, snapshots[choice.index]!, steps[choice.index]!);
    else if (choice.kind === "wait") transaction.send({ type: "WAIT", ms: choice.ms });
    else transaction.send({ type: "SLEEP" });
  };

  const onTimeout = () => {
    const link = awaiting;
    awaiting = undefined;
    // Bytes of a reply cut short are abandoned: the next frame starts clean.
    framer.flush();
    if (link === undefined) return;
    if (link.pending !== undefined) link.pending.timedOut = true;
    link.actor.send({ type: "TIMEOUT" });
  };

  // Data an online reader reports; a reader that is not online (e.g. Secure Channel error) has its data ignored.
  const report = (link: Link, reply: Reply, sent: Command | undefined) => {
    const at = base(link);
    switch (reply.kind) {
      case "RAW":
        return publish({
          type: "CardRead",
          ...at,
          reader: reply.reader,
          format: reply.format,
          bits: rawBits(reply),
        });
      case "KEYPAD":
        return publish({ type: "Keypad", ...at, reader: reply.reader, keys: reply.keys });
      case "LSTATR":
        return publish({
          type: "LocalStatus",
          ...at,
          tamper: reply.tamper,
          powerFailure: reply.powerFailure,
        });
      case "ISTATR":
        return publish({ type: "InputStatus", ...at, inputs: reply.inputs });
      case "OSTATR":
        return publish({ type: "OutputStatus", ...at, outputs: reply.outputs });
      case "NAK":
        return publish({ type: "CommandRefused", ...at, command: sent?.kind ?? "POLL", nak: reply.error });
    }
  };

  const onReply = (link: Link, frame: Frame, decoded: ReturnType<CpSession["decodeReply"]>) => {
    if (Either.isLeft(decoded)) {
      // A malformed payload is no valid reply: the command stays pending. A refused one ends the session.
      if (decoded.left._tag === "SecureChannelError") {
        link.pending = undefined;
        link.actor.send({ type: "REJECTED", reason: decoded.left.reason });
      }
      return;
    }
    const reply = decoded.right;
    link.actor.send({ type: "ALIVE" });
    if (reply.kind === "BUSY") {
      // Same bytes, same SQN, after a short wait; the line serves the other PDs meanwhile.
      link.notBefore = clock.now() + BUSY_RETRY_MS;
      return;
    }
    const sent = link.pending?.command;
    link.pending = undefined;
    const online = link.actor.getSnapshot().matches({ connected: "online" });
    // The machine first: the reply that brings a session online is reported after ReaderOnline.
    link.actor.send({ type: "REPLY", reply, verified: frame.scb !== null && carriesMac(frame.scb.type) });
    if (online) report(link, reply, sent);
  };

  // A PD echoes the command's SQN (OSDP 2.2 §5.7); a reply under another SQN is a late or repeated answer to an
  // earlier command (a retry answered twice, the PD's reply cache) and is dropped unread, never taken for this one:
  // in a session its MAC would not verify. SQN 0 also comes from a PD that has just restarted (a plaintext NAK, as
  // libosdp sends) and with BUSY, which some stacks send at SQN 0.
  const answersPending = (link: Link, frame: Frame): boolean =>
    frame.sqn === link.pending?.sqn ||
    (frame.sqn === 0 &&
      frame.scb === null &&
      (frame.code === ReplyCode.NAK || frame.code === ReplyCode.BUSY));

  const receive = (chunk: Uint8Array) => {
    for (const output of framer.push(chunk)) {
      // Commands are our own echo on a two-wire bus; replies from anyone but the awaited PD are stale.
      if (Either.isLeft(output) || !output.right.reply) continue;
      const link = awaiting;
      const frame = output.right;
      if (link === undefined || frame.addr !== link.config.address || !answersPending(link, frame)) continue;
      awaiting = undefined;
      onReply(link, frame, link.session.decodeReply(frame));
      transaction.send({ type: "ANSWERED" });
    }
  };

  let transaction = startTransaction();

  return {
    start: () => {
      running = true;
      unlisten = transport.onData(receive);
      for (const link of links) link.actor.start();
      transaction.start();
    },
    stop: () => {
      running = false;
      transaction.stop();
      for (const link of links) link.actor.stop();
      unlisten?.();
      unlisten = undefined;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send: (readerId, command) => {
      const link = byId.get(readerId);
      if (link === undefined || link.status !== "online") return false;
      // OUTs go ahead of the PD's other queued commands, in the order they came.
      if (command.kind === "OUT") link.queue.splice(leadingOuts(link.queue), 0, command);
      else link.queue.push(command);
      transaction.send({ type: "WAKE" });
      return true;
    },
    setInstallMode: (readerId, durationMs) =>
      byId.get(readerId)?.actor.send({ type: "INSTALL_MODE", durationMs }),
    status: (readerId) => byId.get(readerId)?.status,
  };
};

/**
 * Card to relay on the wire: a swipe at a simulated reader → the host's serial line (a socat PTY pair) → control
 * panel → engine grant → the OSDP I/O backend's OUT switching the lock's output on. The PD end of the PTY is an
 * RS-485 line at 115 200 baud (the testkit's `Rs485Bus`: every frame takes its transmit time) with four PDs, run by
 * a process of its own (`cardToRelayField.ts`) on timers precise to tens of microseconds, so the figures carry the
 * wire time a real line costs and not the 1 ms floor of Node's timers.
 *
 * `card_to_relay`: until the relay command is written on the line (its bytes come off the PTY onto the wire), as
 * issue 11 defines it; `card_to_output`: until the module has received it, one frame time (~1.2 ms) later.
 * `card_read_to_out`: the host's own part, from the card's reply read off the host's serial port to the OUT written
 * to it, so the line's share (waiting for the reader's poll, frames on the wire, the PTY) reads as the difference.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Site, systemClock } from "@portcullis/engine";
import {
  CommandCode,
  type CpLineOptions,
  encodeCommand,
  encodeFrame,
  encodeReply,
  makeFramer,
  nodeCrypto,
  ReplyCode,
  siteCardFormatSupport,
  transmitTimeMs,
} from "@portcullis/protocols";
import { hmacPinHasher } from "@portcullis/testkit";
import { Either } from "effect";
// The bench reaches the host's source (and its test site and PTY helper) directly.
import {
  DEFAULT_MIN_REVISIT_MS,
  type DeviceConfig,
  OsdpDevices,
  SerialLine,
} from "../../packages/host/src/devices";
import { silentLogger } from "../../packages/host/src/runtime/logger";
import { SiteIo } from "../../packages/host/src/runtime/SiteIo";
import { MAIN_KEY, validSite } from "../../packages/host/test/devices/fixtures";
import { startPtyPair } from "../../packages/host/test/devices/socat";
import type { FieldReply, FieldRequest, FieldSetup } from "./cardToRelayMessages";
import type { BenchResult } from "./measure";

const BAUD = 115_200;
/** Enough that the p99 is the tenth-longest swipe, not one stall of the machine. */
const SWIPES = 1_000;
/** Three readers (c0's two doors, c1's one) and c0's I/O module: four PDs on the line. */
const READERS = 3;
const MODULE_ADDRESS = READERS + 1;
const PDS = READERS + 1;
/** The simulated PD's turnaround (its default). */
const TURNAROUND_MS = 1;
/** A swipe waits this long for its OUT before the bench gives up. */
const SWIPE_TIMEOUT_MS = 2_000;
/** The line's traffic after a grant (OUT, OSTAT, the reader's LED and buzzer, the relock) is over by then. */
const SETTLE_MS = 50;

/**
 * How often the line comes back to one PD when every PD is online and idle: each PD is polled no sooner than the
 * line's minimum revisit period after its last poll, and a POLL/ACK transaction (with the mark byte) occupies the
 * line meanwhile.
 */
export const revisitPeriodMs = (pds: number, baudRate: number): number => {
  const header = { addr: 1, sqn: 1, check: "crc", scb: null, mac: null } as const;
  const poll = encodeFrame({ ...header, reply: false, ...encodeCommand({ kind: "POLL" }) }, { mark: true });
  const ack = encodeFrame({ ...header, reply: true, ...encodeReply({ kind: "ACK" }) });
  const transaction =
    transmitTimeMs(poll.length, baudRate) + TURNAROUND_MS + transmitTimeMs(ack.length, baudRate);
  return Math.max(DEFAULT_MIN_REVISIT_MS, pds * transaction);
};

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** `NAME_p50_ms` and `NAME_p99_ms` of sorted figures. */
const percentiles = (name: string, sorted: ReadonlyArray<number>, n: number): BenchResult[] =>
  [50, 99].map((p) => ({ name: `${name}_p${p}_ms`, value: round2(percentile(sorted, p)), unit: "ms", n }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check()` holds, looking every 5 ms; rejects after `timeoutMs`. */
const until = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`card_to_relay: timed out waiting for ${what}`);
    await pause(5);
  }
};

/** The field side's process, asked one thing at a time. */
const startField = async (setup: FieldSetup) => {
  const child: ChildProcess = fork(fileURLToPath(new URL("./cardToRelayField.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let answer: ((reply: FieldReply) => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  child.on("message", (reply: FieldReply) => answer?.(reply));
  child.once("exit", (code) => failed?.(new Error(`card_to_relay: the field side exited (${code})`)));
  const next = (): Promise<FieldReply> =>
    new Promise((resolve, reject) => {
      answer = resolve;
      failed = reject;
    });
  const ready = next();
  child.send(setup);
  await ready;
  return {
    ask: <K extends FieldReply["kind"]>(
      request: FieldRequest,
      kind: K,
    ): Promise<Extract<FieldReply, { kind: K }>> => {
      const reply = next();
      child.send(request);
      return reply.then((r) => {
        if (r.kind !== kind) throw new Error(`card_to_relay: the field side answered ${r.kind}, not ${kind}`);
        return r as Extract<FieldReply, { kind: K }>;
      });
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      failed = undefined;
      child.send({ kind: "stop" } satisfies FieldRequest);
      await exited;
    },
  };
};

/**
 * The host's end of the line as the control panel sees it, timing the frames of interest: each card reply read,
 * each OUT to the module written.
 */
const timedHostEnd = (
  line: SerialLine,
  cardRead: (address: number, at: number) => void,
  outWritten: (at: number) => void,
): CpLineOptions["transport"] => {
  const replies = makeFramer();
  const commands = makeFramer();
  return {
    write: (bytes) => {
      const at = performance.now();
      for (const out of commands.push(bytes))
        if (Either.isRight(out) && out.right.addr === MODULE_ADDRESS && out.right.code === CommandCode.OUT)
          outWritten(at);
      line.write(bytes);
    },
    onData: (listener) =>
      line.onData((chunk) => {
        const at = performance.now();
        for (const out of replies.push(chunk))
          if (Either.isRight(out) && out.right.reply && out.right.code === ReplyCode.RAW)
            cardRead(out.right.addr, at);
        listener(chunk);
      }),
  };
};

/**
 * `host.card_to_relay_p50_ms`, `host.card_to_relay_p99_ms`, the host's part of them, and the PD revisit period their
 * target rests on.
 */
export const cardToRelayBench = async (swipes = SWIPES): Promise<BenchResult[]> => {
  const clock = systemClock;
  const dir = await mkdtemp(join(tmpdir(), "portcullis-bench-"));
  const pair = await startPtyPair(dir);
  const cpLine = await SerialLine.open({ path: pair.cp, baudRate: BAUD });
  const readers = Array.from({ length: READERS }, (_, i) => ({
    id: `r${i}`,
    address: i + 1,
    secureChannel: false,
  }));
  const field = await startField({
    path: pair.pd,
    baudRate: BAUD,
    readers: readers.map((r) => r.address),
    moduleAddress: MODULE_ADDRESS,
    turnaroundMs: TURNAROUND_MS,
    swipeTimeoutMs: SWIPE_TIMEOUT_MS,
  });
  // The swipe being measured: its door, and when the host read its card and wrote the OUT that followed.
  let door = 0;
  let cardReadAt: number | undefined;
  let outWrittenAt: number | undefined;

  // The host end: access time 0, so each door relocks at once, ready for its next swipe.
  const file = validSite(readers, 0, false);
  const devices: DeviceConfig = {
    lines: [
      {
        path: pair.cp,
        baudRate: BAUD,
        ports: readers.map((_, i) => ({ controllerId: `c${Math.floor(i / 2)}`, port: `rp${i % 2}` })),
      },
    ],
    io: [
      {
        controllerId: "c0",
        backend: { kind: "osdp", line: pair.cp, address: MODULE_ADDRESS, secureChannel: false, retryMs: 250 },
        relays: { lock0: 0, lock1: 1 },
        inputs: {},
      },
      { controllerId: "c1", backend: { kind: "simulated" }, relays: {}, inputs: {} },
    ],
  };
  const io = new SiteIo({ clock, logger: silentLogger });
  let osdp: OsdpDevices | undefined;
  const site = new Site(file, {
    clock,
    hasher: hmacPinHasher(),
    relays: io.relays,
    feedback: (readerId, intent) => osdp?.feedback(readerId, intent),
    cardFormats: siteCardFormatSupport,
  }).start();
  io.plan(site, devices);
  osdp = Either.getOrThrow(
    OsdpDevices.make({
      site: file.site,
      devices,
      secureChannel: { mainKey: MAIN_KEY, crypto: nodeCrypto },
      clock,
      transport: () =>
        timedHostEnd(
          cpLine,
          (address, at) => (cardReadAt ??= address === door + 1 ? at : undefined),
          (at) => (outWrittenAt ??= cardReadAt === undefined ? undefined : at),
        ),
    }),
  );
  const running = osdp;
  io.start(site, running);
  running.start((input) => site.push(input));
  const period = revisitPeriodMs(PDS, BAUD);

  try {
    await until("the readers online", () => readers.every((r) => running.readerStatus(r.id) === "online"));
    // The module is online once its relays are confirmed and its inputs asked for.
    await until(
      "the I/O module online",
      async () => (await field.ask({ kind: "moduleAsked" }, "moduleAsked")).asked,
    );
    const measuredFrom = clock.now();
    const written: number[] = [];
    const received: number[] = [];
    const hostParts: number[] = [];
    for (let i = 0; i < swipes; i++) {
      // People swipe seconds apart: the last swipe's relock and reader feedback have left the line before the
      // next one, which comes at a random phase against the poll cycle, so the swipes sample every wait for a poll.
      await pause(SETTLE_MS + Math.random() * period);
      // c0's two doors: reader r0 opens output 0, r1 output 1.
      door = i % 2;
      cardReadAt = undefined;
      outWrittenAt = undefined;
      const swiped = await field.ask({ kind: "swipe", door }, "swiped").catch((error: Error) => {
        throw new Error(`card_to_relay: no OUT for door ${door} (${error.message})`);
      });
      written.push(swiped.writtenMs);
      received.push(swiped.receivedMs);
      hostParts.push(outWrittenAt! - cardReadAt!);
    }
    for (const figures of [written, received, hostParts]) figures.sort((a, b) => a - b);
    // The revisit periods the line actually achieved: timer lateness on a loaded host shows here too.
    const revisits = [
      ...(await field.ask({ kind: "revisits", from: measuredFrom }, "revisits")).revisits,
    ].sort((a, b) => a - b);
    return [
      ...percentiles("host.card_to_relay", written, swipes),
      ...percentiles("host.card_to_output", received, swipes),
      ...percentiles("host.card_read_to_out", hostParts, swipes),
      { name: `host.pd_revisit_period_ms@${PDS}pds`, value: round2(period), unit: "ms", n: PDS },
      // p50: a round of the idle line; p99: the rounds a grant's commands (OUT, OSTAT, LED, buzzer, relock) lengthen.
      ...[50, 99].map((p) => ({
        name: `host.pd_revisit_observed_p${p}_ms@${PDS}pds`,
        value: round2(percentile(revisits, p)),
        unit: "ms",
        n: revisits.length,
      })),
    ];
  } finally {
    await io.stop(site);
    running.stop();
    site.stop();
    await field.stop();
    await cpLine.close();
    await pair.kill();
    await rm(dir, { recursive: true, force: true });
  }
};

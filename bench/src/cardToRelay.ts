/** Card to relay: a swipe at a simulated PD on a line of 4 → control panel → engine → lock command, in real time. */
import { systemClock } from "@portcullis/engine";
import {
  encodeCommand,
  encodeFrame,
  encodeReply,
  POLL_INTERVAL_MS,
  transmitTimeMs,
} from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd } from "@portcullis/testkit";
// The bench package does not list the host as a dependency yet: reach its source (and its test site) directly.
import {
  ALICE_CARD,
  cardBits,
  oneLine,
  osdpSite,
  validSite,
} from "../../packages/host/test/devices/fixtures";
import type { BenchResult } from "./measure";

const PDS = 4;
const BAUD = 115_200;
const SWIPES = 300;
/** The simulated PD's turnaround (its default). */
const TURNAROUND_MS = 1;
/** A swipe waits this long for its unlock before the bench gives up. */
const SWIPE_TIMEOUT_MS = 2_000;

/**
 * How often the line comes back to one PD when every PD is online and idle: each PD is polled no sooner than the
 * poll interval after its last poll, and a POLL/ACK transaction (with the mark byte) occupies the line meanwhile.
 */
export const revisitPeriodMs = (pds: number, baudRate: number): number => {
  const header = { addr: 1, sqn: 1, check: "crc", scb: null, mac: null } as const;
  const poll = encodeFrame({ ...header, reply: false, ...encodeCommand({ kind: "POLL" }) }, { mark: true });
  const ack = encodeFrame({ ...header, reply: true, ...encodeReply({ kind: "ACK" }) });
  const transaction =
    transmitTimeMs(poll.length, baudRate) + TURNAROUND_MS + transmitTimeMs(ack.length, baudRate);
  return Math.max(POLL_INTERVAL_MS, pds * transaction);
};

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** `host.card_to_relay_p50_ms`, `host.card_to_relay_p99_ms` and the PD revisit period their target rests on. */
export const cardToRelayBench = async (): Promise<BenchResult[]> => {
  const clock = systemClock;
  const bus = new Rs485Bus(clock, BAUD);
  const readers = Array.from({ length: PDS }, (_, i) => ({
    id: `r${i}`,
    address: i + 1,
    secureChannel: false,
  }));
  // Access time 0: each door relocks at once, ready for its next swipe.
  const file = validSite(readers, 0, false);
  const { devices, site, relays } = osdpSite(file, {
    devices: oneLine(PDS, "bench", BAUD),
    clock,
    transport: () => bus.attach(),
  });
  const pds = readers.map((r) => new SimulatedPd({ clock, transport: bus.attach(), address: r.address }));
  devices.start((input) => site.push(input));
  const period = revisitPeriodMs(PDS, BAUD);
  const bits = cardBits(ALICE_CARD);

  const unlockOf = (relay: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`card_to_relay: no unlock of ${relay}`));
      }, SWIPE_TIMEOUT_MS);
      const stop = relays.onSet((r, locked) => {
        if (r !== relay || locked) return;
        clearTimeout(timer);
        stop();
        resolve(performance.now());
      });
    });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  try {
    while (readers.some((r) => devices.readerStatus(r.id) !== "online")) await pause(10);
    const measuredFrom = clock.now();
    const latencies: number[] = [];
    for (let i = 0; i < SWIPES; i++) {
      // A random phase against the poll cycle, so the swipes sample every wait for the next poll.
      await pause(Math.random() * period);
      const door = i % PDS;
      const unlocked = unlockOf(`c${Math.floor(door / 2)}:lock${door % 2}`);
      const swipedAt = performance.now();
      pds[door]!.swipe(bits);
      latencies.push((await unlocked) - swipedAt);
    }
    latencies.sort((a, b) => a - b);
    // The revisit periods the line actually achieved (ms stamps): timer lateness on a loaded host shows here too.
    const revisits = pds
      .flatMap((pd) => {
        const polls = pd.received.filter((r) => r.kind === "POLL" && r.at >= measuredFrom).map((r) => r.at);
        return polls.slice(1).map((at, k) => at - polls[k]!);
      })
      .sort((a, b) => a - b);
    return [
      { name: "host.card_to_relay_p50_ms", value: round2(percentile(latencies, 50)), unit: "ms", n: SWIPES },
      { name: "host.card_to_relay_p99_ms", value: round2(percentile(latencies, 99)), unit: "ms", n: SWIPES },
      { name: `host.pd_revisit_period_ms@${PDS}pds`, value: round2(period), unit: "ms", n: PDS },
      {
        name: `host.pd_revisit_observed_p99_ms@${PDS}pds`,
        value: percentile(revisits, 99),
        unit: "ms",
        n: revisits.length,
      },
    ];
  } finally {
    devices.stop();
    site.stop();
  }
};

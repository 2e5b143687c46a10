/** OSDP control panel: CPU cost of a CP line polling simulated PDs in virtual time (CP, PDs and bus together). */
import { makeCpLine, nodeCrypto } from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { type BenchResult, timing } from "./measure";

const PDS = 4;
const KEY = Uint8Array.from({ length: 16 }, (_, i) => i);

// Polls answered per wall-clock second while virtual time runs as fast as the CPU allows.
const pollsPerSecond = (name: string, secureChannel: boolean): BenchResult => {
  const clock = new VirtualClock();
  const bus = new Rs485Bus(clock, 115_200);
  const scbk = secureChannel ? KEY : null;
  const line = makeCpLine({
    transport: bus.attach(),
    clock,
    crypto: nodeCrypto,
    baudRate: bus.baudRate,
    readers: Array.from({ length: PDS }, (_, i) => ({ readerId: `r${i}`, address: i + 1, scbk })),
  });
  const pds = Array.from(
    { length: PDS },
    (_, i) => new SimulatedPd({ clock, transport: bus.attach(), address: i + 1, scbk }),
  );
  const polls = () => pds.reduce((n, pd) => n + pd.countReceived("POLL"), 0);
  line.start();
  clock.advance(1_000);
  const run = (ms: number) => {
    const start = performance.now();
    const before = polls();
    while (performance.now() - start < ms) clock.advance(1_000);
    return { n: polls() - before, elapsed: performance.now() - start };
  };
  run(timing.warmupMs);
  const { n, elapsed } = run(timing.measureMs);
  line.stop();
  if (line.status("r0") !== "online") throw new Error(`${name}: reader not online`);
  return { name, unit: "polls/s", value: Math.round((n * 1000) / elapsed), n };
};

/** `osdp.cp_polls_per_s@4pds` (plaintext) and `osdp.cp_sc_polls_per_s@4pds` (Secure Channel). */
export const osdpLineBench = (): Array<BenchResult> => [
  pollsPerSecond(`osdp.cp_polls_per_s@${PDS}pds`, false),
  pollsPerSecond(`osdp.cp_sc_polls_per_s@${PDS}pds`, true),
];

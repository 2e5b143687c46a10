/** The swipe path at scale: the bare decision, a site's swipes per second, per-swipe service time and heap. */
import { Either } from "effect";
import {
  decide,
  fromWallClock,
  NEVER_USED,
  Site,
  validateSiteFile,
  type AccessRequest,
  type DecisionState,
  type Side,
  type SiteInput,
  type ValidSiteFile,
} from "@portcullis/engine";
import { hmacPinHasher, referenceSite, VirtualClock } from "@portcullis/testkit";
import { perSecond, rate, settledHeap, timing, type BenchResult } from "./measure";

/** The reference size of DESIGN §8 and issue 3. */
export const SITE_SIZE = { doors: 10_000, cardholders: 100_000 } as const;

/** One swipe of the workload: the card read as the site takes it, and as `decide` takes it. */
interface Swipe {
  readonly input: SiteInput;
  readonly request: AccessRequest;
}

/** What the bare decision reads when no actor holds anything: no slot, nobody present, nobody waiting. */
const idleState: DecisionState = {
  slot: () => "none",
  presence: () => undefined,
  twoPersonWaiting: () => undefined,
  usage: () => NEVER_USED,
};

/**
 * A day's mix: nine swipes in ten are a cardholder's card at a door one of their rules names (some
 * still denied: suspended people, anti-passback), one in ten an unknown card; readers on either side.
 */
const workload = ({ site, policy }: ValidSiteFile, count: number): Swipe[] => {
  const readerOf = new Map<string, Record<Side, string>>();
  for (const d of site.doors)
    if (d.type !== "monitoring" && d.sides.A.readers[0] && d.sides.B.readers[0])
      readerOf.set(d.id, { A: d.sides.A.readers[0].id, B: d.sides.B.readers[0].id });
  const doorsOfGroup = new Map<string, string[]>();
  for (const r of policy.rules)
    for (const g of r.groups) doorsOfGroup.set(g, [...(doorsOfGroup.get(g) ?? []), ...r.doors]);
  const doorsOf = new Map<string, string[]>();
  for (const g of policy.groups)
    for (const m of g.members) doorsOf.set(m, [...(doorsOf.get(m) ?? []), ...(doorsOfGroup.get(g.id) ?? [])]);
  const cards = policy.credentials.flatMap((c) => (c.kind === "card" ? [c] : []));
  return Array.from({ length: count }, (_, i) => {
    const side: Side = i % 2 === 0 ? "A" : "B";
    const c = cards[(i * 7919) % cards.length]!;
    const doors = doorsOf.get(c.cardholderId) ?? [];
    const doorId = doors[i % doors.length] ?? "d0";
    const known = i % 10 !== 9;
    const card = known
      ? { number: c.number, ...(c.facilityCode !== undefined && { facility: c.facilityCode }) }
      : { number: 2n ** 40n + BigInt(i) };
    return {
      input: { type: "card", readerId: readerOf.get(doorId)![side], ...card },
      request: { doorId, side, factors: { card } },
    };
  });
};

/** Per-swipe service times (µs) at `loadPerS` swipes per second of real time, for about `timing.measureMs`. */
const serviceTimes = (swipe: (i: number) => void, between: () => void, loadPerS: number): Float64Array => {
  const intervalMs = 1000 / loadPerS;
  const samples = new Float64Array(Math.max(1, Math.floor((timing.measureMs / 1000) * loadPerS)));
  let next = performance.now();
  for (let i = 0; i < samples.length; i++) {
    between();
    next += intervalMs;
    // Spin until the arrival: the swipe then meets an idle site, as a real arrival at half load mostly does.
    while (performance.now() < next);
    const t0 = performance.now();
    swipe(i);
    samples[i] = (performance.now() - t0) * 1000;
  }
  return samples.sort();
};

const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * The swipe path of the reference site (default {@link SITE_SIZE}), measured in one process:
 * - `site.validate_ms@<C>cardholders`, `site.create_ms@<N>doors`: Schema validation of the site
 *   file, then building the actors and the policy index;
 * - `site.heap_bytes_per_door`: heap held by the validated file and the running site, per door;
 * - `decide.per_s`: the bare `decide` on the site's policy index with idle actor state;
 * - `site.swipes_per_s@<N>doors`: `site.push` of card reads (reader → decide → door → events),
 *   virtual time moving 1 ms per swipe so relock timers run;
 * - `site.decision_p50_us`, `site.decision_p99_us`: service time of single swipes offered at half
 *   the measured maximum rate in real time. Each swipe is timed alone with `performance.now()`;
 *   the gap before it (spinning until the arrival time) carries the timers due, as idle time does
 *   in production, so the figure is the swipe's own cost with GC and cache effects included.
 */
export const siteBench = ({
  doors,
  cardholders,
}: { doors: number; cardholders: number } = SITE_SIZE): BenchResult[] => {
  const file = referenceSite({ doors, cardholders });
  const hasher = hmacPinHasher();
  const heapBefore = settledHeap();
  const t0 = performance.now();
  const valid = Either.getOrThrowWith(validateSiteFile(file, hasher), (e) => new Error(e.message));
  const t1 = performance.now();
  // Monday 08:00 local: office hours for every department rule.
  const start = fromWallClock(
    { year: 2026, month: 1, day: 5, hour: 8, minute: 0, second: 0, millisecond: 0 },
    valid.site.timeZone,
  );
  const clock = new VirtualClock(start);
  const site = new Site(valid, { clock, hasher }).start();
  const t2 = performance.now();
  const heapPerDoor = (settledHeap() - heapBefore) / doors;
  let events = 0;
  site.events$.subscribe(() => events++);

  // Readers' actors start on their first input; start them all, so the figures are the steady state.
  for (const readerId of site.access.readers.keys()) site.push({ type: "reader", readerId, online: true });
  const swipes = workload(valid, 1 << 16);
  const mask = swipes.length - 1;
  let i = 0;
  const decisions = rate("decide.per_s", "decisions/s", () => {
    decide(swipes[i++ & mask]!.request, site.access.index, idleState, clock.now());
  });
  const push = (k: number) => site.push(swipes[k & mask]!.input);
  const throughput = perSecond(() => {
    clock.advance(1);
    push(i++);
  });
  const latencies = serviceTimes(
    (k) => push(i + k),
    () => clock.advance(1),
    throughput.value / 2,
  );
  site.stop();
  if (events === 0) throw new Error("site bench: no events");
  return [
    {
      name: `site.validate_ms@${cardholders}cardholders`,
      value: Math.round(t1 - t0),
      unit: "ms",
      n: cardholders,
    },
    { name: `site.create_ms@${doors}doors`, value: Math.round(t2 - t1), unit: "ms", n: doors },
    { name: "site.heap_bytes_per_door", value: Math.round(heapPerDoor), unit: "bytes", n: doors },
    decisions,
    { name: `site.swipes_per_s@${doors}doors`, unit: "swipes/s", ...throughput },
    {
      name: "site.decision_p50_us",
      value: round1(percentile(latencies, 0.5)),
      unit: "µs",
      n: latencies.length,
    },
    {
      name: "site.decision_p99_us",
      value: round1(percentile(latencies, 0.99)),
      unit: "µs",
      n: latencies.length,
    },
  ];
};

const round1 = (x: number): number => Math.round(x * 10) / 10;

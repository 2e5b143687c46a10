/** Door actors at scale: creation time, heap per door and inputs per second, in virtual time. */
import { Either } from "effect";
import { createActor, setup } from "xstate";
import { createSite, type SiteInput } from "@portcullis/engine";
import { hmacPinHasher, referenceDoors, VirtualClock } from "@portcullis/testkit";
import { rate, settledHeap, type BenchResult } from "./measure";

/** The door counts of DESIGN §8's example names. */
export const DOOR_COUNTS = [100, 1_000, 10_000] as const;

/** Creation, heap and throughput of N doors under grant → open → close traffic. */
export const doorBench = (counts: ReadonlyArray<number> = DOOR_COUNTS): BenchResult[] =>
  counts.flatMap((doors) => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 8));
    const config = referenceDoors({ doors });
    const heapBefore = settledHeap();
    const t0 = performance.now();
    const site = Either.getOrThrow(createSite(config, { clock, hasher: hmacPinHasher() })).start();
    const createMs = performance.now() - t0;
    const heapPerDoor = (settledHeap() - heapBefore) / doors;
    for (let d = 0; d < doors; d++) site.push({ type: "door", doorId: `d${d}`, open: false });

    // Each door in turn: granted, opened, closed; virtual time moves 1 ms per input so timers run.
    let i = 0;
    const input = (): SiteInput => {
      const doorId = `d${Math.floor(i / 3) % doors}`;
      const phase = i++ % 3;
      if (phase === 0)
        return {
          type: "grant",
          doorId,
          grant: { grantId: `g${i}`, kind: "credential", cardholderIds: ["ch"], long: false, exempt: false },
        };
      return { type: "door", doorId, open: phase === 1 };
    };
    const step = () => {
      clock.advance(1);
      site.push(input());
    };
    const inputs = rate(`door.inputs_per_s@${doors}doors`, "inputs/s", step, 300);
    site.stop();
    return [
      { name: `door.create_ms@${doors}doors`, value: Math.round(createMs * 10) / 10, unit: "ms", n: doors },
      {
        name: `door.heap_bytes_per_door@${doors}doors`,
        value: Math.round(heapPerDoor),
        unit: "bytes",
        n: doors,
      },
      inputs,
    ];
  });

/** The actor floor for doors: a bare XState actor taking the same events with one timer each. */
export const doorFloorBench = (): BenchResult[] => {
  const clock = new VirtualClock(0);
  const machine = setup({ types: { events: {} as { type: "GO" } | { type: "STOP" } } }).createMachine({
    initial: "idle",
    states: { idle: { on: { GO: "busy" } }, busy: { after: { 7000: "idle" }, on: { STOP: "idle" } } },
  });
  const actor = createActor(machine, { clock }).start();
  let go = true;
  const result = rate("floor.actor_timed_transitions_per_s", "transitions/s", () => {
    clock.advance(1);
    actor.send({ type: go ? "GO" : "STOP" });
    go = !go;
  });
  actor.stop();
  return [result];
};

/** The actor floor of the swipe path: reader and door actors with trivial logic, wired as the site wires them. */
import { Subject } from "rxjs";
import { createActor, setup, type Actor } from "xstate";
import { VirtualClock } from "@portcullis/testkit";
import { rate, type BenchResult } from "./measure";

interface Swipe {
  readonly type: "CARD";
  readonly at: number;
  readonly card: number;
}

/** A reader that hands every card to the site, as the engine's reader actor does with `submit`. */
const readerMachine = setup({
  types: {
    context: {} as { readonly submit: (swipe: Swipe) => void },
    events: {} as Swipe,
    input: {} as { readonly submit: (swipe: Swipe) => void },
  },
}).createMachine({
  context: ({ input }) => input,
  on: { CARD: { actions: ({ context, event }) => context.submit(event) } },
});

/** A door that unlocks on a grant for the access time: each grant arms its relock timer and cancels the last. */
const doorMachine = setup({
  types: {
    context: {} as { readonly publish: (type: string, at: number) => void },
    events: {} as { readonly type: "GRANT"; readonly at: number },
    input: {} as { readonly publish: (type: string, at: number) => void },
  },
}).createMachine({
  context: ({ input }) => input,
  initial: "locked",
  states: {
    locked: { on: { GRANT: "unlocked" } },
    unlocked: {
      entry: ({ context, event }) => context.publish("AccessGranted", (event as { at: number }).at),
      after: { 7000: "locked" },
      on: { GRANT: { target: "unlocked", reenter: true } },
    },
  },
});

/**
 * `floor.actor_swipes_per_s@<N>doors`: N door actors and 2N reader actors on one virtual clock; a
 * swipe goes reader → a trivial decision (a set lookup) → door → an event on a Subject, with time
 * moving 1 ms per swipe as in the site scenario. The full swipe path cannot beat this.
 */
export const swipeFloorBench = (doors = 10_000): BenchResult[] => {
  const clock = new VirtualClock(0);
  const events = new Subject<{ type: string; at: number }>();
  let published = 0;
  events.subscribe(() => published++);
  const publish = (type: string, at: number) => events.next({ type, at });
  // Nine cards in ten are known, as in the site scenario.
  const known = new Set(Array.from({ length: 990 }, (_, i) => i));
  const doorActors = Array.from({ length: doors }, () =>
    createActor(doorMachine, { clock, input: { publish } }).start(),
  );
  const readers: Array<Actor<typeof readerMachine>> = doorActors.flatMap((door) => {
    const submit = (swipe: Swipe) => {
      if (known.has(swipe.card)) door.send({ type: "GRANT", at: swipe.at });
    };
    return [0, 1].map(() => createActor(readerMachine, { clock, input: { submit } }).start());
  });
  let i = 0;
  const result = rate(`floor.actor_swipes_per_s@${doors}doors`, "swipes/s", () => {
    clock.advance(1);
    const reader = readers[(i * 7919) % readers.length]!;
    reader.send({ type: "CARD", at: clock.now(), card: i++ % 1_100 });
  });
  for (const actor of [...readers, ...doorActors]) actor.stop();
  if (published === 0) throw new Error("swipe floor: no grant published");
  return [result];
};

/** Generators of sites of any size, for benches, property tests and the demo. */

/** Options of {@link referenceDoors}. */
export interface ReferenceDoorsOptions {
  readonly doors: number;
  readonly timeZone?: string;
}

/**
 * A site of `doors` standard doors, two per controller, each with a monitor and a REX on side B,
 * relocking after opening — the wiring of a typical office door.
 */
export const referenceDoors = ({ doors, timeZone = "Europe/Stockholm" }: ReferenceDoorsOptions) => {
  const controllers = Array.from({ length: Math.ceil(doors / 2) }, (_, i) => ({
    id: `c${i}`,
    name: `Controller ${i}`,
    relays: ["r1", "r2"],
    inputs: ["in1", "in2", "in3", "in4"],
    readerPorts: ["rd1", "rd2"],
  }));
  return {
    name: `reference site (${doors} doors)`,
    timeZone,
    controllers,
    doors: Array.from({ length: doors }, (_, i) => {
      const k = (i % 2) + 1;
      return {
        id: `d${i}`,
        name: `Door ${i}`,
        controllerId: `c${Math.floor(i / 2)}`,
        primaryLock: `r${k}`,
        doorMonitor: { input: `in${2 * k - 1}`, openWhen: "circuit-open", debounceMs: 0 },
        sides: { A: {}, B: { rex: { input: `in${2 * k}`, action: "unlock", activeWhen: "circuit-closed" } } },
      };
    }),
  };
};

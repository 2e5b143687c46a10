/** The slot scheduler of one RS-485 line: queued commands ahead of polls, round-robin, probes of offline PDs. */

/** What one PD wants from the next slot: `urgent` (a queued command or a bring-up step), `poll`, or `probe` (offline). */
export interface SlotCandidate {
  readonly kind: "urgent" | "poll" | "probe";
  /** Not before this time (poll pacing, BUSY back-off); probes are due when they appear. */
  readonly dueAt: number;
}

/** The scheduler's answer: send to the PD at `index`, wait `ms`, or sleep until woken. */
export type SlotChoice =
  | { readonly kind: "send"; readonly index: number }
  | { readonly kind: "wait"; readonly ms: number }
  | { readonly kind: "sleep" };

/**
 * Picks the PD of each free slot. Round-robin from the PD after the last one served, urgent commands before polls.
 * Offline PDs are out of the rotation: a due probe takes an idle slot, or — on a saturated line — the first slot after
 * every PD of the rotation has had its turn, so probes never starve and cost the others at most one slot per back-off.
 */
export class LineScheduler {
  private cursor = 0;
  private sinceProbe = 0;

  /** Chooses among `candidates` (undefined: the PD wants nothing) at `now`. */
  pick(candidates: ReadonlyArray<SlotCandidate | undefined>, now: number): SlotChoice {
    const first = (accept: (c: SlotCandidate) => boolean): number | undefined => {
      for (let k = 0; k < candidates.length; k++) {
        const i = (this.cursor + k) % candidates.length;
        const c = candidates[i];
        if (c !== undefined && accept(c)) return i;
      }
      return undefined;
    };
    let rotation = 0;
    let nextDue = Infinity;
    for (const c of candidates)
      if (c !== undefined && c.kind !== "probe") {
        rotation++;
        nextDue = Math.min(nextDue, c.dueAt);
      }
    const probe = first((c) => c.kind === "probe" && c.dueAt <= now);
    if (probe !== undefined && this.sinceProbe >= rotation) return this.serve(probe, true);
    const chosen =
      first((c) => c.kind === "urgent" && c.dueAt <= now) ??
      first((c) => c.kind !== "probe" && c.dueAt <= now);
    if (chosen !== undefined) return this.serve(chosen, false);
    if (probe !== undefined) return this.serve(probe, true);
    return nextDue === Infinity ? { kind: "sleep" } : { kind: "wait", ms: nextDue - now };
  }

  private serve(index: number, probe: boolean): SlotChoice {
    this.cursor = index + 1;
    this.sinceProbe = probe ? 0 : this.sinceProbe + 1;
    return { kind: "send", index };
  }
}

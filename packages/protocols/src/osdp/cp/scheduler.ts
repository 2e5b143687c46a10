/**
 * The slot scheduler of one RS-485 line: output commands first, then other queued commands, then polls round-robin;
 * probes of offline PDs.
 */

/**
 * What one PD wants from the next slot: `output` (a queued OUT: a lock waits on it), `urgent` (another queued command
 * or a bring-up step), `poll`, or `probe` (offline).
 */
export interface SlotCandidate {
  readonly kind: "output" | "urgent" | "poll" | "probe";
  /** Not before this time (poll pacing, BUSY back-off); probes are due when they appear. */
  readonly dueAt: number;
}

/** The scheduler's answer: send to the PD at `index`, wait `ms`, or sleep until woken. */
export type SlotChoice =
  | { readonly kind: "send"; readonly index: number }
  | { readonly kind: "wait"; readonly ms: number }
  | { readonly kind: "sleep" };

/**
 * Picks the PD of each free slot. Round-robin from the PD after the last one served; outputs before other commands (a
 * grant's OUT does not wait behind its reader's LED and buzzer), commands before polls.
 * Offline PDs are out of the rotation: a due probe takes an idle slot, or — on a saturated line — the first slot after
 * every PD of the rotation has had its turn, so probes never starve and cost the others at most one slot per back-off.
 */
export class LineScheduler {
  /**
   * Where the next search for a queued command starts, and where the poll rotation stands: apart, so that a
   * burst of commands to one PD (a grant's OUT and its confirmation) does not restart the poll rotation at the
   * PD after it and leave the PDs further on unpolled while commands keep coming.
   */
  private urgentCursor = 0;
  private pollCursor = 0;
  private sinceProbe = 0;

  /** Chooses among `candidates` (undefined: the PD wants nothing) at `now`. */
  pick(candidates: ReadonlyArray<SlotCandidate | undefined>, now: number): SlotChoice {
    const first = (from: number, accept: (c: SlotCandidate) => boolean): number | undefined => {
      for (let k = 0; k < candidates.length; k++) {
        const i = (from + k) % candidates.length;
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
    // An output goes even before a due probe: the probe, which may cost a whole reply timeout, takes the next slot.
    const output = first(this.urgentCursor, (c) => c.kind === "output" && c.dueAt <= now);
    if (output !== undefined) return this.serve(output, "output");
    const probe = first(this.pollCursor, (c) => c.kind === "probe" && c.dueAt <= now);
    if (probe !== undefined && this.sinceProbe >= rotation) return this.serve(probe, "probe");
    const urgent = first(this.urgentCursor, (c) => c.kind === "urgent" && c.dueAt <= now);
    if (urgent !== undefined) return this.serve(urgent, "urgent");
    const poll = first(this.pollCursor, (c) => c.kind !== "probe" && c.dueAt <= now);
    if (poll !== undefined) return this.serve(poll, "poll");
    if (probe !== undefined) return this.serve(probe, "probe");
    return nextDue === Infinity ? { kind: "sleep" } : { kind: "wait", ms: nextDue - now };
  }

  private serve(index: number, kind: SlotCandidate["kind"]): SlotChoice {
    if (kind === "output" || kind === "urgent") this.urgentCursor = index + 1;
    else this.pollCursor = index + 1;
    this.sinceProbe = kind === "probe" ? 0 : this.sinceProbe + 1;
    return { kind: "send", index };
  }
}

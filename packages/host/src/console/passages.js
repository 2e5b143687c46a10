// Passages: the events of one door cycle, read by a guard as one line ("Alva Ek passed Main
// entrance, side A") that opens onto its steps.
//
// The rule, per door:
// - a passage opens at a grant (`AccessGranted`, a cardholder's or an operator's) or an exit
//   request (`RexActivated`) at the door;
// - the door's `LockChanged`, `DoorModeChanged`, `DoorOpened`, `AccessTaken`, `AccessNotTaken`
//   and `DoorClosed` that follow join it, within {@link PASSAGE_MS} of its opening;
// - it ends with the `DoorClosed` after the door opened in it; after `AccessNotTaken` only the
//   relock of the same instant joins; a new grant or exit request at the door starts the next one.
// Anything else (a denial, an alarm, duress, a forced door, an operator's action) keeps its own
// line, so no alarm is ever folded away. Lines are in the order their first event happened.

/** Longest a passage gathers steps: a door held open longer has its alarm, and its closing its own line. */
export const PASSAGE_MS = 2 * 60_000;

const OPENERS = new Set(["AccessGranted", "RexActivated"]);
const STEPS = new Set([
  "LockChanged",
  "DoorModeChanged",
  "DoorOpened",
  "AccessTaken",
  "AccessNotTaken",
  "DoorClosed",
]);

/** Whether `e` may still join the open passage `p`. */
const joins = (p, e) => {
  if (!STEPS.has(e.type) || e.at - p.events[0].at > PASSAGE_MS) return false;
  const notTaken = p.events.find((s) => s.type === "AccessNotTaken");
  return notTaken === undefined || e.at === notTaken.at;
};

/**
 * The events (oldest first) as lines, oldest first: `{seq, events}` with `passage` true for a door
 * cycle. A line's `seq` is its first event's.
 */
export const linesOf = (events) => {
  const lines = [];
  /** The open passage of each door. */
  const open = new Map();
  for (const e of events) {
    const current = e.doorId === undefined ? undefined : open.get(e.doorId);
    if (current !== undefined && !OPENERS.has(e.type) && joins(current, e)) {
      current.events.push(e);
      const opened = current.events.some((s) => s.type === "DoorOpened");
      if (e.type === "DoorClosed" && opened) open.delete(e.doorId);
      continue;
    }
    if (OPENERS.has(e.type) && e.doorId !== undefined) {
      const passage = { seq: e.seq, passage: true, events: [e] };
      open.set(e.doorId, passage);
      lines.push(passage);
      continue;
    }
    lines.push({ seq: e.seq, passage: false, events: [e] });
  }
  return lines;
};

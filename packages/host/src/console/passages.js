// Passages: the events of one door cycle, read by a guard as one line ("Alva Ek passed Main
// entrance, side A") that opens onto its steps.
//
// The rule, per door:
// - a passage opens at a grant (`AccessGranted`, a cardholder's or an operator's) or an exit
//   request (`RexActivated`) at the door;
// - the door's `LockChanged`, `DoorModeChanged`, `DoorOpened`, `AccessTaken`, `AccessNotTaken`
//   and `DoorClosed` that follow join it, within {@link PASSAGE_MS} of its opening;
// - it ends with the `DoorClosed` after the door opened in it; after `AccessNotTaken` only the
//   relock of the same instant joins; a new grant or exit request at the door starts the next one;
// - a grant's `AccessTaken` or `AccessNotTaken` joins that grant's passage, never another: a grant
//   that ends an earlier one's cycle must not read "did not pass" for the earlier one's outcome.
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
  if (e.grantId !== undefined && e.grantId !== p.events[0].grantId) return false;
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
  /** Every passage by its grant: a grant's outcome may come after the next grant opened another. */
  const byGrant = new Map();
  for (const e of events) {
    const own = e.grantId === undefined || OPENERS.has(e.type) ? undefined : byGrant.get(e.grantId);
    if (own !== undefined && own !== open.get(e.doorId) && joins(own, e)) {
      own.events.push(e);
      continue;
    }
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
      if (e.grantId !== undefined) byGrant.set(e.grantId, passage);
      lines.push(passage);
      continue;
    }
    lines.push({ seq: e.seq, passage: false, events: [e] });
  }
  return lines;
};

/** Journalling a host event where no site runs (a restore at start, the CLI): the journal gives the next `seq`. */
import type { HostEventInput, JournalEvent } from "../events";
import type { Journal, Store } from "../store";

/** Appends `event` with the journal's next `seq`; it is on disk once the store is closed. */
export const appendHostEvent = (store: Store, event: HostEventInput): void => {
  // The store types its journal for engine events only; the host's own events share it.
  (store.journal as unknown as Journal<JournalEvent>).append({
    ...event,
    seq: store.journal.nextSeq(),
  } as JournalEvent);
};

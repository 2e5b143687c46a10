/** A client's view of the journal: committed events from a `seq` on, replayed from disk then live, without gaps or duplicates. */
import { Observable } from "rxjs";
import type { Journal, JournalEntry } from "./Journal";

/**
 * Every committed event with `seq >= from`, in order: first the ones on disk, page by page, then
 * those committed meanwhile and after. It subscribes to `committed$` before reading the disk, so an
 * event committed during the replay is either read or buffered, never missed. A `from` older than
 * `journal.oldest()` cannot be served completely: check that first and answer `ResumeGap`.
 */
export const followJournal = <E extends JournalEntry>(
  journal: Journal<E>,
  from: number,
  pageSize = 1_000,
): Observable<E> =>
  new Observable<E>((subscriber) => {
    let next = from;
    let live: E[] | undefined = [];
    const deliver = (e: E): void => {
      if (e.seq < next) return;
      next = e.seq + 1;
      subscriber.next(e);
    };
    const subscription = journal.committed$.subscribe({
      next: (e) => (live === undefined ? deliver(e) : live.push(e)),
      error: (e: unknown) => subscriber.error(e),
      complete: () => live === undefined && subscriber.complete(),
    });
    const replay = async (): Promise<void> => {
      for (;;) {
        const page = await journal.readFrom(next, pageSize);
        if (subscriber.closed) return;
        for (const e of page) deliver(e);
        if (page.length < pageSize) break;
      }
      const buffered = live ?? [];
      live = undefined;
      for (const e of buffered) deliver(e);
      if (subscription.closed) subscriber.complete();
    };
    replay().catch((e: unknown) => subscriber.error(e));
    return () => subscription.unsubscribe();
  });

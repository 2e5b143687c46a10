/**
 * A large batch of global records (a sub's first snapshot, a long catch-up) gathered as the
 * configuration changes it makes, then put in force as one batch: one `ConfigChanged`, one store of
 * the site — instead of a configuration change, a journal event and a store per cardholder and
 * credential, which made a 100 000-cardholder snapshot take minutes. The batch is applied in steps,
 * with the event loop free between them, so cards presented meanwhile are decided at once.
 */
import type { ConfigChange, ConfigError, ConfigRefused, Site } from "@portcullis/engine";
import type { ChangeSink } from "./applyRecord";
import { nextTurn } from "../runtime/nextTurn";

type Batched = Extract<ConfigChange, { op: "put" | "remove" }>;

/** Changes applied between two turns of the event loop: tens of milliseconds on a loaded machine. */
const STEP = 500;

/** The changes of a batch of records, not yet in force. */
export class GlobalDraft {
  private changes: Batched[] = [];

  /** Takes puts and removals (a record makes nothing else); the site answers at {@link commit}. */
  readonly sink: ChangeSink = (change: ConfigChange): boolean => {
    if (change.op !== "put" && change.op !== "remove")
      throw new Error(`a batch of global records does not take ${change.op} ${change.entity}`);
    this.changes.push(change);
    return true;
  };

  /** Applies the changes to `site` as one batch by `by`, in steps; answers each refused change with why. */
  async commit(
    site: Site,
    id: string,
    by: string,
  ): Promise<ReadonlyArray<{ readonly change: Batched; readonly error: ConfigError | ConfigRefused }>> {
    const changes = this.changes;
    this.changes = [];
    if (changes.length === 0) return [];
    const steps = site.configureBatchInSteps(changes, id, by, STEP);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done === true)
        return step.value.flatMap((error, i) =>
          error === undefined ? [] : [{ change: changes[i]!, error }],
        );
      await nextTurn();
    }
  }
}

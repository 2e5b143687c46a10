/**
 * Runtime configuration changes, one change set at a time: applied, stored, and undone in memory when
 * a later change of the set is refused or storing fails (issue 10 §6). The one way `config.*`, door
 * copies and imports change a running site.
 */
import {
  type ConfigApplied,
  type ConfigChange,
  type ConfigError,
  type ConfigOptions,
  type ConfigRefused,
  type EntityChange,
  type Site,
} from "@portcullis/engine";
import { Data, Either } from "effect";
import type { Logger } from "./logger";

/** A change was applied but could not be stored, and was undone. */
export class ConfigNotStored extends Data.TaggedError("ConfigNotStored")<{
  readonly message: string;
  readonly cause: unknown;
}> {}

/** How a change set ended: every entity it changed and the warnings, or why nothing changed. */
export type ConfigOutcome = Either.Either<ConfigApplied, ConfigError | ConfigRefused | ConfigNotStored>;

/**
 * Applies change sets in turn, each answered once the configuration is stored. One at a time, so a
 * set that is refused part-way or cannot be stored is undone exactly: the site goes back to the
 * configuration before it (a removed cardholder comes back with their credentials and group
 * memberships), journalled as `ConfigChanged`s of its own, so memory never runs ahead of what a
 * restart would load.
 */
export class ConfigWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly site: Pick<Site, "configure">,
    /** Resolves once the configuration as it is now is stored; rejects if that failed. */
    private readonly saved: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Applies one change by `by`; resolves once stored. */
  configure(change: ConfigChange, by: string, options: ConfigOptions = {}): Promise<ConfigOutcome> {
    return this.apply([change], by, options);
  }

  /**
   * Applies `changes` in order as one change set, all or nothing, and resolves once it is stored with
   * what changed (cascades included) and the warnings of every change.
   */
  apply(
    changes: ReadonlyArray<ConfigChange>,
    by: string,
    options: ConfigOptions = {},
  ): Promise<ConfigOutcome> {
    const result = this.queue.then(() => this.applyNow(changes, by, options));
    this.queue = result.catch(() => {});
    return result;
  }

  private async applyNow(
    changes: ReadonlyArray<ConfigChange>,
    by: string,
    options: ConfigOptions,
  ): Promise<ConfigOutcome> {
    const warnings: ConfigApplied["warnings"][number][] = [];
    const changed: EntityChange[] = [];
    const undo: ConfigChange[][] = [];
    for (const change of changes) {
      const applied = this.site.configure(change, by, undefined, options);
      if (Either.isLeft(applied)) {
        if (undo.length > 0) this.undo(undo, by, "refused part-way", applied.left.message);
        return Either.left(applied.left);
      }
      warnings.push(...applied.right.warnings);
      changed.push(...applied.right.changed);
      undo.push([...applied.right.undo]);
    }
    try {
      await this.saved();
      return Either.right({ warnings, changed, undo: undo.reverse().flat() });
    } catch (cause) {
      this.undo(undo, by, "not stored", String(cause));
      return Either.left(
        new ConfigNotStored({
          message: `the change could not be stored (${String(cause)}); it was undone`,
          cause,
        }),
      );
    }
  }

  /** Applies each change's undo, the last change's first. */
  private undo(
    undo: ReadonlyArray<ReadonlyArray<ConfigChange>>,
    by: string,
    why: string,
    error: string,
  ): void {
    const steps = [...undo].reverse().flat();
    this.logger.error(`configuration change ${why}; undone`, { by, error, steps: steps.length });
    // Back to a configuration that was valid and stored: nothing to refuse on the way.
    const all = { cascade: true, force: true };
    for (const step of steps) {
      const undone = this.site.configure(step, `${by} (undone: ${why})`, undefined, all);
      if (Either.isLeft(undone))
        this.logger.error("configuration undo step refused", {
          step: step.op,
          entity: step.entity,
          error: undone.left.message,
        });
    }
  }
}

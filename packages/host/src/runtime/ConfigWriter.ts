/** Runtime configuration changes, one at a time: applied, stored, and undone in memory when storing fails (issue 10 §6). */
import {
  type ConfigChange,
  type ConfigError,
  type ConfigIssue,
  type Site,
  siteFileJson,
} from "@portcullis/engine";
import { Data, Either } from "effect";
import type { Logger } from "./logger";
import { changesBetween } from "./siteFileMerge";

/** A change was applied but could not be stored, and was undone. */
export class ConfigNotStored extends Data.TaggedError("ConfigNotStored")<{
  readonly message: string;
  readonly cause: unknown;
}> {}

/**
 * Applies changes in turn, each answered once the configuration is stored. One at a time, so a
 * change that cannot be stored is undone exactly: the site goes back to the configuration before
 * it (a removed cardholder comes back with their credentials and group memberships), journalled as
 * `ConfigChanged`s of its own, so memory never runs ahead of what a restart would load.
 */
export class ConfigWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly site: Pick<Site, "configure" | "config" | "policy">,
    /** Resolves once the configuration as it is now is stored; rejects if that failed. */
    private readonly saved: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Applies `change` by `by`; resolves with its warnings once stored. */
  configure(
    change: ConfigChange,
    by: string,
  ): Promise<Either.Either<ReadonlyArray<ConfigIssue>, ConfigError | ConfigNotStored>> {
    const result = this.queue.then(() => this.apply(change, by));
    this.queue = result.catch(() => {});
    return result;
  }

  private async apply(
    change: ConfigChange,
    by: string,
  ): Promise<Either.Either<ReadonlyArray<ConfigIssue>, ConfigError | ConfigNotStored>> {
    const before = { config: this.site.config, policy: this.site.policy };
    const applied = this.site.configure(change, by);
    if (Either.isLeft(applied)) return applied;
    try {
      await this.saved();
      return applied;
    } catch (cause) {
      this.undo(before, by, cause);
      return Either.left(
        new ConfigNotStored({
          message: `the change could not be stored (${String(cause)}); it was undone`,
          cause,
        }),
      );
    }
  }

  private undo(before: { config: Site["config"]; policy: Site["policy"] }, by: string, cause: unknown): void {
    const steps = changesBetween(
      siteFileJson(this.site.config, this.site.policy),
      siteFileJson(before.config, before.policy),
    );
    this.logger.error("configuration change not stored; undone", {
      by,
      error: String(cause),
      steps: steps.length,
    });
    for (const step of steps) {
      const undone = this.site.configure(step, `${by} (undone: not stored)`);
      if (Either.isLeft(undone))
        this.logger.error("configuration undo step refused", {
          step: step.op,
          entity: step.entity,
          error: undone.left.message,
        });
    }
  }
}

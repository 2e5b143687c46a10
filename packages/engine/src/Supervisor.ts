/**
 * Supervision of the site's root actors (DESIGN §2): an actor error becomes `ActorRestarted` and a
 * rebuilt actor, never a crashed host.
 */
import type { AnyActor } from "xstate";
import type { EngineClock } from "./EngineClock";
import type { EngineEventInput } from "./events";

/** Where the site reports what it survived; the host passes its structured logger. */
export interface SiteLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Logs to the console: a site without a logger still says what went wrong. */
export const consoleLogger: SiteLogger = {
  error: (message, fields) => console.error(message, fields ?? {}),
};

/** Watches root actors and rebuilds the ones that fail. */
export class Supervisor {
  /** Actors being rebuilt right now: one that fails again while starting is not rebuilt in a loop. */
  private readonly rebuilding = new Set<string>();

  constructor(
    private readonly clock: EngineClock,
    private readonly publish: (event: EngineEventInput) => void,
    private readonly logger: SiteLogger,
  ) {}

  /**
   * Subscribes before the actor starts: an error publishes `ActorRestarted` and calls `rebuild`, which
   * replaces the actor from what the failed one knew. `name` says which actor (`door:<id>`, `reader:<id>`,
   * `zone:<id>`).
   */
  watch(actor: AnyActor, name: string, rebuild: () => void): void {
    actor.subscribe({
      error: (error: unknown) => {
        if (this.rebuilding.has(name)) {
          this.logger.error("actor failed again while being rebuilt; left stopped", {
            actor: name,
            error: String(error),
          });
          return;
        }
        this.publish({ type: "ActorRestarted", at: this.clock.now(), actor: name, error: String(error) });
        this.rebuilding.add(name);
        try {
          rebuild();
        } finally {
          this.rebuilding.delete(name);
        }
      },
    });
  }
}

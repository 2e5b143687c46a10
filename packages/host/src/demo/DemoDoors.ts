/**
 * The demo's doors as people use them, on the simulated controllers' contacts: `sim.door` and `sim.rex` move a
 * contact, and after each grant a simulated person walks up, opens the door and closes it behind them.
 */
import type { EngineClock, Side, Site, TimerId } from "@portcullis/engine";
import { Either } from "effect";
import type { Subscription } from "rxjs";
import { FeedError } from "../feed";
import { contactClosed } from "../io";
import type { SiteIo } from "../runtime/SiteIo";

/** From the unlock to the door opening: the person picks up a bag and reaches for the handle. */
const WALK_MS = 3_000;
/** How long the door stays open while the person passes. */
const PASS_MS = 2_000;
/** How long a REX button is held. */
const REX_PRESS_MS = 300;

type Result = Either.Either<void, FeedError>;

const refuse = (code: FeedError["code"], message: string): Result =>
  Either.left(new FeedError({ code, message }));

/** Simulated people at the demo's doors. */
export class DemoDoors {
  private readonly timers = new Set<TimerId>();
  /** Doors someone is walking through now. */
  private readonly walking = new Set<string>();
  private readonly grants: Subscription;

  constructor(
    private readonly site: Site,
    private readonly io: SiteIo,
    private readonly clock: EngineClock,
  ) {
    this.grants = site.events$.subscribe((event) => {
      if (event.type === "DoorModeChanged" && event.mode === "Accessed") this.walkThrough(event.doorId);
    });
  }

  /** Opens or closes a door: its monitor's (or a monitoring door's sensor's) contact moves. */
  setOpen(doorId: string, open: boolean): Result {
    const door = this.site.config.doors.find((d) => d.id === doorId);
    if (door === undefined) return refuse("UnknownDoor", `unknown door "${doorId}"`);
    const monitor = door.type === "monitoring" ? door.sensor : door.doorMonitor;
    if (monitor === undefined) return refuse("NoDoorMonitor", `door "${doorId}" has no door monitor`);
    return this.move(door.controllerId, monitor.input, contactClosed(open, monitor.openWhen));
  }

  /** Someone presses the REX button on `side` and lets go. */
  pressRex(doorId: string, side: Side): Result {
    const door = this.site.config.doors.find((d) => d.id === doorId);
    if (door === undefined) return refuse("UnknownDoor", `unknown door "${doorId}"`);
    if (door.type === "monitoring") return refuse("NoLock", `door "${doorId}" is a monitoring door`);
    const rex = door.sides[side].rex;
    if (rex === undefined) return refuse("UnknownInput", `door "${doorId}" has no REX on side ${side}`);
    const pressed = this.move(door.controllerId, rex.input, contactClosed(true, rex.activeWhen));
    if (Either.isRight(pressed))
      this.after(REX_PRESS_MS, () =>
        this.move(door.controllerId, rex.input, contactClosed(false, rex.activeWhen)),
      );
    return pressed;
  }

  /** Stops walking people; contacts stay where they are. */
  stop(): void {
    this.grants.unsubscribe();
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private walkThrough(doorId: string): void {
    const door = this.site.config.doors.find((d) => d.id === doorId);
    if (door?.type === "monitoring" || door?.doorMonitor === undefined || this.walking.has(doorId)) return;
    this.walking.add(doorId);
    this.after(WALK_MS, () => {
      this.setOpen(doorId, true);
      this.after(PASS_MS, () => {
        this.walking.delete(doorId);
        this.setOpen(doorId, false);
      });
    });
  }

  private move(controllerId: string, port: string, closed: boolean): Result {
    const io = this.io.simulated(controllerId);
    if (io === undefined) return refuse("NotAvailable", `controller "${controllerId}" is not simulated`);
    io.setContact(port, closed);
    return Either.void;
  }

  private after(ms: number, run: () => void): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}

/** Simulated door hardware for the demo: door positions, REX buttons and raw input edges as an input source. */
import type { InputRejected, InputState, Side, SiteInput } from "@portcullis/engine";
import type { Either } from "effect";
import { type DeviceCommandError, refuseCommand } from "./DeviceCommandError";
import type { InputSink, InputSource } from "./InputSource";

/** What a simulated action returns: the site's verdict, or `NotStarted`. */
export type SimulatedResult = Either.Either<void, InputRejected | DeviceCommandError>;

/**
 * The door I/O of a demo site, driven by the `sim.*` commands: every action is one site input, refused by the site
 * when its target does not exist (a door without monitor cannot open, a side without REX has no button).
 */
export class SimulatedDoorIo implements InputSource {
  private sink: InputSink | undefined;

  readonly start = (sink: InputSink): void => {
    this.sink = sink;
  };

  readonly stop = (): void => {
    this.sink = undefined;
  };

  /** The door swings open (a position change already debounced). */
  open(doorId: string): SimulatedResult {
    return this.push({ type: "door", doorId, open: true });
  }

  /** The door closes. */
  close(doorId: string): SimulatedResult {
    return this.push({ type: "door", doorId, open: false });
  }

  /** Someone presses the REX button on `side`. */
  pressRex(doorId: string, side: Side): SimulatedResult {
    return this.push({ type: "rex", doorId, side });
  }

  /** A raw edge on a controller input (`controllerId:port`), debounced by the engine. */
  setInput(inputId: string, state: InputState): SimulatedResult {
    return this.push({ type: "input", inputId, state });
  }

  private push(input: SiteInput): SimulatedResult {
    return this.sink === undefined
      ? refuseCommand("NotStarted", "simulated door I/O is not started")
      : this.sink(input);
  }
}

/** Controllers and I/O modules: the named ports that doors, monitors, REX and readers are wired to. */
import { Schema } from "effect";

const PortName = Schema.String.pipe(Schema.minLength(1));

/**
 * A door controller (up to two doors, or one door with two locks, and two wired readers) or a
 * network I/O module (up to five monitoring doors, seed "Add a monitoring door").
 */
export const Controller = Schema.Struct({
  id: Schema.String.pipe(Schema.minLength(1)),
  name: Schema.String,
  kind: Schema.optionalWith(Schema.Literal("door-controller", "io-module"), {
    default: () => "door-controller",
  }),
  relays: Schema.optionalWith(Schema.Array(PortName), { default: () => [] }),
  inputs: Schema.optionalWith(Schema.Array(PortName), { default: () => [] }),
  readerPorts: Schema.optionalWith(Schema.Array(PortName), { default: () => [] }),
});
export type Controller = typeof Controller.Type;

/** Site-wide id of a controller port, as inputs are addressed by the outside world. */
export const portRef = (controllerId: string, port: string): string => `${controllerId}:${port}`;

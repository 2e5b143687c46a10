/**
 * The host's device configuration: which serial port and speed each RS-485 line of the site runs on, and which
 * I/O backend drives each controller's relays and inputs.
 */
import { issuesOf } from "@portcullis/engine";
import { Data, Either, Schema } from "effect";
import { IoBinding } from "../io/IoConfig";

/** A line's default minimum revisit period: 10 ms, a card waits no longer than that for its poll. */
export const DEFAULT_MIN_REVISIT_MS = 10;

/** A controller's reader port, as the site configuration names it. */
export const ReaderPortRef = Schema.Struct({
  controllerId: Schema.String.pipe(Schema.minLength(1)),
  port: Schema.String.pipe(Schema.minLength(1)),
});
export type ReaderPortRef = typeof ReaderPortRef.Type;

/**
 * One RS-485 bus: its serial port, its speed, and the controller reader ports wired onto it. The site model wires
 * one reader per port, so a multi-drop bus of several PDs lists several ports.
 */
export const OsdpLineConfig = Schema.Struct({
  path: Schema.String.pipe(Schema.minLength(1)),
  baudRate: Schema.Literal(9_600, 19_200, 38_400, 57_600, 115_200, 230_400),
  /** Reader ports on the bus; a bus may carry only OSDP I/O modules (`devices.io`), then it lists none. */
  ports: Schema.optionalWith(Schema.Array(ReaderPortRef), { default: () => [] }),
  /**
   * The shortest time between two polls of one PD. Online PDs are polled back to back as fast as the line
   * answers; this only keeps a line of few PDs from spinning (0: no floor). A card waits at most about this
   * long, or one round of the line's PDs if that is longer, before it is read. Default `DEFAULT_MIN_REVISIT_MS`.
   */
  minRevisitMs: Schema.optional(Schema.Number.pipe(Schema.int(), Schema.between(0, 1_000))),
});
export type OsdpLineConfig = typeof OsdpLineConfig.Type;

/** Every OSDP line of the host, and the I/O backend of each controller that has one. */
export const DeviceConfig = Schema.Struct({
  lines: Schema.optionalWith(Schema.Array(OsdpLineConfig), { default: () => [] }),
  io: Schema.optional(Schema.Array(IoBinding)),
});
export type DeviceConfig = typeof DeviceConfig.Type;

/** The device configuration does not fit the site; `field` names the offending setting. */
export class DeviceConfigError extends Data.TaggedError("DeviceConfigError")<{
  readonly field: string;
  readonly message: string;
}> {}

const decode = Schema.decodeUnknownEither(DeviceConfig, { onExcessProperty: "error" });

/** Validates a device configuration document (JSON); the first problem is reported with its field path. */
export const decodeDeviceConfig = (input: unknown): Either.Either<DeviceConfig, DeviceConfigError> =>
  Either.mapLeft(decode(input), (error) => {
    const issue = issuesOf(error)[0];
    return new DeviceConfigError({ field: issue?.field ?? "", message: issue?.message ?? String(error) });
  });

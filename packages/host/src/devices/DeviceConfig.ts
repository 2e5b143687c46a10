/**
 * The host's device configuration: which serial port and speed each RS-485 line of the site runs on, and which
 * I/O backend drives each controller's relays and inputs.
 */
import { issuesOf } from "@portcullis/engine";
import { Data, Either, Schema } from "effect";
import { IoBinding } from "../io/IoConfig";

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
  ports: Schema.Array(ReaderPortRef).pipe(Schema.minItems(1)),
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

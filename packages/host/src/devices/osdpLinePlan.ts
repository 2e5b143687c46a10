/** Which CP line runs which OSDP reader, at which address and under which key (DESIGN §3 Secure Channel). */
import { portRef, type SiteConfig } from "@portcullis/engine";
import { type CpReaderConfig, type Crypto, deriveScbk } from "@portcullis/protocols";
import { Either } from "effect";
import { DeviceConfigError, type DeviceConfig, type OsdpLineConfig } from "./DeviceConfig";

/**
 * What Secure Channel keys come from: the main key each reader's SCBK derives from. Whether Secure Channel is on is
 * the site file's switch (`secureChannel.enabled`) with each reader's own.
 */
export interface SecureChannelSettings {
  /** The site main encryption key (held outside the database). */
  readonly mainKey: Uint8Array;
  readonly crypto: Crypto;
}

/** One OSDP reader as its line runs it. */
export interface OsdpReaderPlan extends CpReaderConfig {
  readonly doorId: string;
  /** The site switch is on and the reader's is off: it runs in plaintext and its door shows `reader-error`. */
  readonly plaintextAgainstSite: boolean;
}

/** One OSDP I/O module (`devices.io` with an `osdp` backend) as its line runs it: a PD named `io:<controllerId>`. */
export interface OsdpModulePlan extends CpReaderConfig {
  readonly controllerId: string;
}

/** The PD id a controller's OSDP I/O module runs under on its line (in events and logs). */
export const modulePdId = (controllerId: string): string => `io:${controllerId}`;

/** One RS-485 line, its readers and its I/O modules. */
export interface OsdpLinePlan {
  readonly line: OsdpLineConfig;
  readonly readers: ReadonlyArray<OsdpReaderPlan>;
  readonly modules: ReadonlyArray<OsdpModulePlan>;
}

interface PlacedReader {
  readonly plan: OsdpReaderPlan;
  readonly ref: string;
}

const osdpReaders = (
  site: SiteConfig,
  sc: SecureChannelSettings,
): Either.Either<PlacedReader[], DeviceConfigError> => {
  const placed: PlacedReader[] = [];
  for (const door of site.doors) {
    if (door.type === "monitoring") continue;
    for (const side of ["A", "B"] as const)
      for (const reader of door.sides[side].readers) {
        if (reader.type !== "osdp") continue;
        if (reader.port === undefined || reader.osdp === undefined)
          return Either.left(
            new DeviceConfigError({
              field: "lines",
              message: `OSDP reader "${reader.id}" needs a reader port and an address`,
            }),
          );
        const siteSwitch = site.secureChannel.enabled;
        const secure = siteSwitch && reader.osdp.secureChannel;
        placed.push({
          ref: portRef(door.controllerId, reader.port),
          plan: {
            readerId: reader.id,
            doorId: door.id,
            address: reader.osdp.address,
            scbk: secure ? deriveScbk(sc.crypto, sc.mainKey, reader.id) : null,
            plaintextAgainstSite: siteSwitch && !reader.osdp.secureChannel,
          },
        });
      }
  }
  return Either.right(placed);
};

/**
 * Groups the site's OSDP readers by controller reader port onto the configured lines, and puts each OSDP I/O module
 * on its line. Every OSDP reader needs a line, a port belongs to one line, and addresses are unique on a line.
 */
export const planOsdpLines = (
  site: SiteConfig,
  devices: DeviceConfig,
  secureChannel: SecureChannelSettings,
): Either.Either<ReadonlyArray<OsdpLinePlan>, DeviceConfigError> =>
  Either.flatMap(osdpReaders(site, secureChannel), (placed) => {
    const lineOf = new Map<string, number>();
    for (const [i, line] of devices.lines.entries())
      for (const [j, p] of line.ports.entries()) {
        const ref = portRef(p.controllerId, p.port);
        if (lineOf.has(ref))
          return Either.left(
            new DeviceConfigError({
              field: `lines[${i}].ports[${j}]`,
              message: `port ${ref} is on two lines`,
            }),
          );
        lineOf.set(ref, i);
      }
    const readers = devices.lines.map((): OsdpReaderPlan[] => []);
    const modules = devices.lines.map((): OsdpModulePlan[] => []);
    for (const { plan, ref } of placed) {
      const i = lineOf.get(ref);
      if (i === undefined)
        return Either.left(
          new DeviceConfigError({
            field: "lines",
            message: `OSDP reader "${plan.readerId}" on port ${ref} is on no line`,
          }),
        );
      const onLine = readers[i]!;
      const clash = onLine.find((r) => r.address === plan.address);
      if (clash !== undefined)
        return Either.left(
          new DeviceConfigError({
            field: `lines[${i}].ports`,
            message: `readers "${clash.readerId}" and "${plan.readerId}" share address ${plan.address} on one line`,
          }),
        );
      onLine.push(plan);
    }
    for (const [k, binding] of (devices.io ?? []).entries()) {
      const { backend, controllerId } = binding;
      if (backend.kind !== "osdp") continue;
      const i = devices.lines.findIndex((l) => l.path === backend.line);
      if (i < 0)
        return Either.left(
          new DeviceConfigError({
            field: `io[${k}].backend.line`,
            message: `no OSDP line on serial port ${backend.line}: add it to devices.lines`,
          }),
        );
      const pdId = modulePdId(controllerId);
      const clash =
        readers[i]!.find((r) => r.address === backend.address) ??
        modules[i]!.find((m) => m.address === backend.address);
      if (clash !== undefined)
        return Either.left(
          new DeviceConfigError({
            field: `io[${k}].backend.address`,
            message: `"${clash.readerId}" already has address ${backend.address} on line ${backend.line}`,
          }),
        );
      modules[i]!.push({
        readerId: pdId,
        controllerId,
        address: backend.address,
        scbk: backend.secureChannel ? deriveScbk(secureChannel.crypto, secureChannel.mainKey, pdId) : null,
      });
    }
    return Either.right(
      devices.lines.map((line, i) => ({ line, readers: readers[i]!, modules: modules[i]! })),
    );
  });

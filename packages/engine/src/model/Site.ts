/** The site configuration for doors and wiring, and the checks Schema alone cannot express. */
import { Either, ParseResult, Schema } from "effect";
import { ConfigError, type ConfigIssue } from "../errors";
import { ActionRule } from "./ActionRule";
import { Controller, portRef } from "./Controller";
import { Door, MonitoringDoor, StandardDoor } from "./Door";
import { compileSchedule, ScheduleDefinition } from "./Schedule";
import { isTimeZone } from "../time";

/**
 * The site-wide Secure Channel switch (DESIGN §3): Secure Channel is in effect for an OSDP reader when this and the
 * reader's own switch are on. The keys come from the site main key, which the site file never holds.
 */
export const SiteSecureChannel = Schema.Struct({ enabled: Schema.Boolean });

/** A site: its zone, controllers and doors. Later issues add people, policy and readers' formats. */
export const SiteConfig = Schema.Struct({
  name: Schema.String,
  timeZone: Schema.optionalWith(Schema.String, { default: () => "UTC" }),
  secureChannel: Schema.optionalWith(SiteSecureChannel, { default: () => ({ enabled: true }) }),
  controllers: Schema.Array(Controller),
  doors: Schema.Array(Door),
  schedules: Schema.optionalWith(Schema.Array(ScheduleDefinition), { default: () => [] }),
  /**
   * Card formats as the site file states them; their semantics live in the protocols package, which
   * the host plugs in as a `CardFormatSupport` (the engine stays free of wire formats).
   */
  cardFormats: Schema.optionalWith(Schema.Array(Schema.Unknown), { default: () => [] }),
  /** Event → actions, on this site's doors only (seed, multi-server: "Action rules … local doors"). */
  actionRules: Schema.optionalWith(Schema.Array(ActionRule), { default: () => [] }),
});
export type SiteConfig = typeof SiteConfig.Type;
/** The site configuration as written in JSON (defaults may be left out). */
export type SiteConfigInput = typeof SiteConfig.Encoded;

/** Seed: a door controller runs two doors or one door with two locks, and at most two wired readers. */
const MAX_DOORS_PER_CONTROLLER = 2;
const MAX_WIRED_READERS_PER_CONTROLLER = 2;
/** Seed: "You can connect up to five door position sensors to one network I/O relay module." */
const MAX_MONITORING_DOORS_PER_MODULE = 5;

type PortKind = "relays" | "inputs" | "readerPorts";

/** One use of a controller port by a door, as listed in the door's pin chart. */
export interface PortUse {
  readonly controllerId: string;
  readonly port: string;
  readonly kind: PortKind;
  readonly use: string;
  /** Configuration path that names this use, for error messages. */
  readonly field: string;
}

/** Every port a door uses, in wiring order. */
export const portUses = (door: Door, index: number): PortUse[] => {
  const at = (field: string) => `doors[${index}].${field}`;
  const use = (kind: PortKind, port: string, what: string, field: string): PortUse => ({
    controllerId: door.controllerId,
    port,
    kind,
    use: what,
    field: at(field),
  });
  if (door.type === "monitoring")
    return [use("inputs", door.sensor.input, "door position sensor", "sensor.input")];
  const uses = [use("relays", door.primaryLock, "primary lock", "primaryLock")];
  if (door.secondaryLock !== undefined)
    uses.push(use("relays", door.secondaryLock, "secondary lock", "secondaryLock"));
  if (door.doorMonitor) uses.push(use("inputs", door.doorMonitor.input, "door monitor", "doorMonitor.input"));
  for (const side of ["A", "B"] as const) {
    const s = door.sides[side];
    s.readers.forEach((r, i) => {
      if (r.port !== undefined)
        uses.push(
          use(
            "readerPorts",
            r.port,
            `reader ${r.id} side ${side} (${r.type})`,
            `sides.${side}.readers[${i}].port`,
          ),
        );
      if (r.wiegand?.tamperInput !== undefined)
        uses.push(
          use(
            "inputs",
            r.wiegand.tamperInput,
            `reader ${r.id} tamper`,
            `sides.${side}.readers[${i}].wiegand.tamperInput`,
          ),
        );
    });
    if (s.rex) uses.push(use("inputs", s.rex.input, `REX side ${side}`, `sides.${side}.rex.input`));
  }
  return uses;
};

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) =>
      typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    "",
  );

/** Turns a Schema parse failure into field-named issues. */
export const issuesOf = (error: ParseResult.ParseError, prefix = ""): ConfigIssue[] =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => {
    const path = formatPath(i.path);
    return { field: prefix === "" ? path : path === "" ? prefix : `${prefix}.${path}`, message: i.message };
  });

const duplicates = (
  ids: ReadonlyArray<string>,
  field: (i: number) => string,
  what: string,
): ConfigIssue[] => {
  const seen = new Set<string>();
  return ids.flatMap((id, i) => {
    if (!seen.has(id)) return (seen.add(id), []);
    return [{ field: field(i), message: `duplicate ${what} id "${id}"` }];
  });
};

const wiringIssues = (site: SiteConfig): ConfigIssue[] => {
  const issues: ConfigIssue[] = [
    ...duplicates(
      site.controllers.map((c) => c.id),
      (i) => `controllers[${i}].id`,
      "controller",
    ),
    ...duplicates(
      site.doors.map((d) => d.id),
      (i) => `doors[${i}].id`,
      "door",
    ),
  ];
  const readerIds = site.doors.flatMap((d, di) =>
    d.type === "monitoring"
      ? []
      : (["A", "B"] as const).flatMap((side) =>
          d.sides[side].readers.map((r, ri) => ({
            id: r.id,
            field: `doors[${di}].sides.${side}.readers[${ri}].id`,
          })),
        ),
  );
  issues.push(
    ...duplicates(
      readerIds.map((r) => r.id),
      (i) => readerIds[i]!.field,
      "reader",
    ),
  );

  if (!isTimeZone(site.timeZone))
    issues.push({ field: "timeZone", message: `unknown IANA time zone "${site.timeZone}"` });
  issues.push(
    ...duplicates(
      site.schedules.map((s) => s.id),
      (i) => `schedules[${i}].id`,
      "schedule",
    ),
  );
  site.schedules.forEach((def, i) =>
    Either.match(compileSchedule(def, site.timeZone), {
      onLeft: (e) => issues.push({ field: `schedules[${i}].${e.field}`, message: e.message }),
      onRight: () => {},
    }),
  );
  const scheduleIds = new Set(site.schedules.map((s) => s.id));
  site.doors.forEach((d, i) => {
    if (d.type !== "monitoring" && d.unlockSchedule !== undefined && !scheduleIds.has(d.unlockSchedule))
      issues.push({ field: `doors[${i}].unlockSchedule`, message: `unknown schedule "${d.unlockSchedule}"` });
  });

  const controllers = new Map(site.controllers.map((c) => [c.id, c]));
  const used = new Map<string, PortUse>();
  const doorsOn = new Map<string, StandardDoor[]>();
  const monitoringOn = new Map<string, number>();
  const wiredReaders = new Map<string, number>();

  site.doors.forEach((door, di) => {
    const controller = controllers.get(door.controllerId);
    if (!controller) {
      issues.push({
        field: `doors[${di}].controllerId`,
        message: `unknown controller "${door.controllerId}"`,
      });
      return;
    }
    if (door.type === "monitoring") {
      if (controller.kind !== "io-module")
        issues.push({ field: `doors[${di}].controllerId`, message: "a monitoring door needs an I/O module" });
      const n = (monitoringOn.get(controller.id) ?? 0) + 1;
      monitoringOn.set(controller.id, n);
      if (n > MAX_MONITORING_DOORS_PER_MODULE)
        issues.push({
          field: `doors[${di}].controllerId`,
          message: `an I/O module takes at most ${MAX_MONITORING_DOORS_PER_MODULE} monitoring doors`,
        });
    } else {
      if (controller.kind !== "door-controller")
        issues.push({
          field: `doors[${di}].controllerId`,
          message: "a door with a lock needs a door controller",
        });
      const list = doorsOn.get(controller.id) ?? [];
      list.push(door);
      doorsOn.set(controller.id, list);
      if (list.length > MAX_DOORS_PER_CONTROLLER)
        issues.push({
          field: `doors[${di}].controllerId`,
          message: `controller "${controller.id}" already runs ${MAX_DOORS_PER_CONTROLLER} doors`,
        });
      else if (list.length > 1 && list.some((d) => d.secondaryLock !== undefined))
        issues.push({
          field: `doors[${di}].controllerId`,
          message: `controller "${controller.id}" runs one door with two locks or two doors with one lock each`,
        });
    }
    for (const u of portUses(door, di)) {
      if (!controller[u.kind].includes(u.port)) {
        issues.push({
          field: u.field,
          message: `controller "${controller.id}" has no ${u.kind} port "${u.port}"`,
        });
        continue;
      }
      const key = `${u.kind}/${portRef(u.controllerId, u.port)}`;
      const clash = used.get(key);
      if (clash) {
        issues.push({
          field: u.field,
          message: `port "${u.port}" of controller "${controller.id}" is already used by ${clash.field} (${clash.use})`,
        });
        continue;
      }
      used.set(key, u);
      if (u.kind === "readerPorts") {
        const n = (wiredReaders.get(controller.id) ?? 0) + 1;
        wiredReaders.set(controller.id, n);
        if (n > MAX_WIRED_READERS_PER_CONTROLLER)
          issues.push({
            field: u.field,
            message: `controller "${controller.id}" takes at most ${MAX_WIRED_READERS_PER_CONTROLLER} wired readers`,
          });
      }
    }
  });
  return issues;
};

const strict = { errors: "all", onExcessProperty: "error" } as const;
const decodeShell = Schema.decodeUnknownEither(
  Schema.Struct({ ...SiteConfig.fields, doors: Schema.Array(Schema.Unknown) }),
  strict,
);
const decodeStandard = Schema.decodeUnknownEither(StandardDoor, strict);
const decodeMonitoring = Schema.decodeUnknownEither(MonitoringDoor, strict);

/** A door is decoded by its `type`, so errors name its own fields rather than every union member's. */
const decodeDoor = (input: unknown): Either.Either<Door, ParseResult.ParseError> =>
  typeof input === "object" && input !== null && (input as { type?: unknown }).type === "monitoring"
    ? decodeMonitoring(input)
    : decodeStandard(input);

/** Validates a site configuration: schema first, then wiring. */
export const validateSite = (input: unknown): Either.Either<SiteConfig, ConfigError> => {
  const shell = decodeShell(input);
  if (Either.isLeft(shell)) return Either.left(ConfigError.of(issuesOf(shell.left)));
  const issues: ConfigIssue[] = [];
  const doors: Door[] = [];
  shell.right.doors.forEach((raw, i) =>
    Either.match(decodeDoor(raw), {
      onLeft: (e) => issues.push(...issuesOf(e, `doors[${i}]`)),
      onRight: (door) => doors.push(door),
    }),
  );
  if (issues.length > 0) return Either.left(ConfigError.of(issues));
  const site: SiteConfig = { ...shell.right, doors };
  issues.push(...wiringIssues(site));
  return issues.length === 0 ? Either.right(site) : Either.left(ConfigError.of(issues));
};

/** A door's pin chart: which controller port does what. */
export const pinChart = (site: SiteConfig, doorId: string): PortUse[] | undefined => {
  const index = site.doors.findIndex((d) => d.id === doorId);
  const door = site.doors[index];
  return door && portUses(door, index);
};

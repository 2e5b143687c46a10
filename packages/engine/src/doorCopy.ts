/**
 * "Copy configuration" (seed, "Add door"): a new door made from an existing door's settings — timing,
 * unlock schedule, door monitor, REX and readers, identification profiles and security level, and the
 * access rules the door is in — as the change set that creates it.
 */
import { Data, Either } from "effect";
import type { ConfigChange } from "./configChange";
import { entityJson } from "./configEntityJson";
import type { Policy } from "./model/Policy";
import type { SiteConfig } from "./model/Site";

/** Seed: a door controller runs two doors, or one door with two locks; an I/O module five monitoring doors. */
const DOORS_PER_CONTROLLER = 2;
const MONITORING_DOORS_PER_MODULE = 5;

/** What to copy where. */
export interface DoorCopyRequest {
  /** The door whose configuration is copied. */
  readonly fromDoorId: string;
  /** The new door's id, name and controller. */
  readonly id: string;
  readonly name: string;
  readonly controllerId: string;
  /**
   * Door fields to set on the copy instead of the source's (`primaryLock`, `doorMonitor`, `sides`, …):
   * the ports of a door beside its source on one controller. Without `sides`, the copy's readers are
   * named `<id>-A1`, `<id>-B1`, … (reader ids are unique on a site).
   */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** A copy that cannot be made; nothing changed. */
export class DoorCopyRefused extends Data.TaggedError("DoorCopyRefused")<{
  readonly code: "UnknownDoor" | "DoorExists" | "UnknownController" | "ControllerFull";
  readonly message: string;
}> {}

type Doc = Record<string, unknown>;

const refuse = (code: DoorCopyRefused["code"], message: string) =>
  Either.left(new DoorCopyRefused({ code, message }));

/** Renames the readers of a copied door: `<id>-<side><n>`. */
const renameReaders = (sides: Record<"A" | "B", Doc>, id: string): Record<"A" | "B", Doc> => {
  const side = (s: "A" | "B") => ({
    ...sides[s],
    readers: ((sides[s]["readers"] as Doc[] | undefined) ?? []).map((r, i) => ({
      ...r,
      id: `${id}-${s}${i + 1}`,
    })),
  });
  return { A: side("A"), B: side("B") };
};

/**
 * The changes that create the copy: the door, its door policy (if the source has one), and each
 * access rule naming the source with the copy added. Zones are not copied: where a new door leads
 * is the admin's to say. Validation of the door itself (ports) happens when the changes apply.
 */
export const doorCopyChanges = (
  site: SiteConfig,
  policy: Policy,
  request: DoorCopyRequest,
): Either.Either<ReadonlyArray<ConfigChange>, DoorCopyRefused> => {
  const source = site.doors.find((d) => d.id === request.fromDoorId);
  if (source === undefined) return refuse("UnknownDoor", `unknown door "${request.fromDoorId}"`);
  if (site.doors.some((d) => d.id === request.id))
    return refuse("DoorExists", `door "${request.id}" exists already; copy onto a new door id`);
  const controller = site.controllers.find((c) => c.id === request.controllerId);
  if (controller === undefined)
    return refuse("UnknownController", `unknown controller "${request.controllerId}"`);
  const onController = site.doors.filter((d) => d.controllerId === controller.id);
  if (source.type === "monitoring") {
    if (onController.length >= MONITORING_DOORS_PER_MODULE)
      return refuse(
        "ControllerFull",
        `I/O module "${controller.id}" has no free slot: it watches ${MONITORING_DOORS_PER_MODULE} monitoring doors`,
      );
  } else {
    const twoLocks = (d: (typeof onController)[number]) =>
      d.type !== "monitoring" && d.secondaryLock !== undefined;
    const slotsUsed = onController.reduce((n, d) => n + (twoLocks(d) ? DOORS_PER_CONTROLLER : 1), 0);
    const needed = source.secondaryLock !== undefined ? DOORS_PER_CONTROLLER : 1;
    if (slotsUsed + needed > DOORS_PER_CONTROLLER)
      return refuse(
        "ControllerFull",
        `controller "${controller.id}" has no free slot for ${needed === 1 ? "a door" : "a door with two locks"}: ` +
          `it runs ${onController.map((d) => `"${d.id}"`).join(", ")} (two doors, or one door with two locks)`,
      );
  }
  const json = entityJson(site, policy, "door", source.id) as Doc;
  const overrides = request.overrides ?? {};
  const door: Doc = {
    ...json,
    id: request.id,
    name: request.name,
    controllerId: request.controllerId,
    ...("sides" in json && { sides: renameReaders(json["sides"] as Record<"A" | "B", Doc>, request.id) }),
    ...overrides,
  };
  const doorPolicy = entityJson(site, policy, "doorPolicy", source.id) as Doc | undefined;
  return Either.right([
    { op: "put", entity: "door", value: door },
    ...(doorPolicy === undefined
      ? []
      : [
          { op: "put" as const, entity: "doorPolicy" as const, value: { ...doorPolicy, doorId: request.id } },
        ]),
    ...policy.rules
      .filter((r) => r.doors.includes(source.id))
      .map((r) => ({
        op: "patch" as const,
        entity: "rule" as const,
        id: r.id,
        fields: { doors: [...r.doors, request.id] },
      })),
  ]);
};

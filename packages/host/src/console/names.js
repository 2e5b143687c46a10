// Names of the site's doors, zones, people and readers, and times in the site's time zone: what an
// operator reads instead of ids.
import { computed } from "@preact/signals";
import { alarms, doors, site } from "./client.js";

const byId = (list) => new Map((list ?? []).map((x) => [x.id, x]));

/** Lookups built once per site file. */
export const names = computed(() => {
  const file = site.value;
  const policy = file?.policy ?? {};
  const people = byId(policy.cardholders);
  const zones = byId(policy.zones);
  const configDoors = byId(file?.doors);
  const controllers = byId(file?.controllers);
  const readers = new Map();
  for (const d of file?.doors ?? [])
    for (const side of ["A", "B"])
      for (const r of d.sides?.[side]?.readers ?? []) readers.set(r.id, { doorId: d.id, side });
  const timeZone = file?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const person = (id) => {
    const p = people.get(id);
    return p === undefined ? (id ?? "someone") : `${p.firstName} ${p.lastName}`.trim();
  };
  const door = (id) => doors.value.get(id)?.name ?? configDoors.get(id)?.name ?? id;
  return {
    timeZone,
    people,
    zones,
    readers,
    person,
    door,
    /** The alarm raised at `seq`, if the host still lists it. */
    alarm: (seq) => alarms.value.get(seq),
    /** Doors by name, for pickers. */
    doorList: [...configDoors.values()].sort((a, b) => a.name.localeCompare(b.name)),
    zone: (id) => zones.get(id)?.name ?? id,
    controller: (id) => controllers.get(id)?.name ?? id,
    reader: (id) => {
      const r = readers.get(id);
      return r === undefined ? `reader ${id}` : `${door(r.doorId)}, side ${r.side}`;
    },
    time: (at) => format.format(new Date(at)),
    /** The doors of a zone, by id. */
    zoneDoors: (id) => new Set((zones.get(id)?.doors ?? []).map((d) => d.doorId)),
  };
});

/** Roll calls and musters as report tables, for CSV (seed "Roll call report status", "Mustering report status"). */
import type { ReportTable } from "../reports/configurationReports";
import type { MusterStatus } from "./Musters";
import type { RollCall } from "./rollCall";

const iso = (ms: number | undefined): string => (ms === undefined ? "" : new Date(ms).toISOString());

/** One row per cardholder and zone: present (since when) or not present. */
export const rollCallTable = (call: RollCall): ReportTable => ({
  header: ["Zone ID", "Zone", "Status", "Cardholder ID", "Cardholder", "Since"],
  rows: call.zones.flatMap((z) => [
    ...z.present.map((p) => [z.zoneId, z.name, "present", p.cardholderId, p.name, iso(p.since)]),
    ...z.notPresent.map((p) => [z.zoneId, z.name, "not present", p.cardholderId, p.name, ""]),
  ]),
});

/** One row per cardholder on each muster's list: safe (when, marked by whom) or missing. */
export const musterTable = (musters: ReadonlyArray<MusterStatus>): ReportTable => ({
  header: ["Muster", "Zone ID", "Status", "Cardholder ID", "Cardholder", "Safe at", "Marked by"],
  rows: musters.flatMap((m) => [
    ...m.safe.map((p) => [m.id, p.zoneId, "safe", p.cardholderId, p.name, iso(p.safeAt), p.by]),
    ...m.missing.map((p) => [m.id, p.zoneId, "missing", p.cardholderId, p.name, "", ""]),
  ]),
});

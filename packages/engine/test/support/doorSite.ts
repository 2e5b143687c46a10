/** A one-controller site with a configurable door, on virtual time, for door-behaviour tests. */
import { simulateSite, type SimulatedSite } from "@portcullis/testkit";
import type { EngineEvent, Grant } from "@portcullis/engine";

/** The door configuration under test; the defaults wire a monitor on in1 and REX on in2 / in3. */
export const doorConfig = (door: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  name: "test site",
  timeZone: "Europe/Stockholm",
  controllers: [
    {
      id: "c1",
      name: "Controller 1",
      relays: ["r1", "r2"],
      inputs: ["in1", "in2", "in3", "in4"],
      readerPorts: ["rd1", "rd2"],
    },
  ],
  doors: [
    {
      id: "d1",
      name: "Main entrance",
      controllerId: "c1",
      primaryLock: "r1",
      timing: { accessTimeS: 7, openTooLongS: 15, longAccessTimeS: 20, longOpenTooLongS: 30 },
      doorMonitor: { input: "in1", openWhen: "circuit-open" },
      ...door,
    },
  ],
  ...extra,
});

/** A started door site with the door closed, plus shorthands for the door under test. */
export interface DoorSite extends SimulatedSite {
  readonly t0: number;
  /** Milliseconds since the start. */
  elapsed(): number;
  grant(grant?: Partial<Grant>): void;
  open(): void;
  close(): void;
  /** Whether relay `c1:r1` is locked. */
  locked(relay?: string): boolean;
  /** Events of a type, with their time since start. */
  times(type: EngineEvent["type"]): number[];
}

let grants = 0;

/** Starts a site with one door `d1`; the door is read closed (silently) unless it has no monitor. */
export const doorSite = (
  door: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): DoorSite => {
  const sim = simulateSite(doorConfig(door, extra));
  const t0 = sim.clock.now();
  if (
    sim.site.config.doors[0]?.type !== "monitoring" &&
    (sim.site.config.doors[0] as { doorMonitor?: unknown }).doorMonitor
  )
    sim.push({ type: "door", doorId: "d1", open: false });
  return {
    ...sim,
    t0,
    elapsed: () => sim.clock.now() - t0,
    grant: (g = {}) =>
      sim.push({
        type: "grant",
        doorId: "d1",
        grant: {
          grantId: `g${++grants}`,
          kind: "credential",
          cardholderIds: ["ch1"],
          long: false,
          exempt: false,
          ...g,
        },
      }),
    open: () => sim.push({ type: "door", doorId: "d1", open: true }),
    close: () => sim.push({ type: "door", doorId: "d1", open: false }),
    locked: (relay = "c1:r1") => sim.relays.get(relay) ?? true,
    times: (type) => sim.events.filter((e) => e.type === type).map((e) => e.at - t0),
  };
};

const vevent = (start: string, end: string, rrule: string) =>
  ["BEGIN:VEVENT", `DTSTART:${start}`, `DTEND:${end}`, `RRULE:${rrule}`, "END:VEVENT"].join("\r\n");

/** Office hours 08:00–17:00 Monday to Friday, site time (Stockholm; the harness starts Monday 09:00). */
export const officeHours = {
  id: "office",
  name: "Office hours",
  vevents: [vevent("19700105T080000", "19700105T170000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")],
};

/** Hours from the harness start (Monday 09:00 Stockholm) to 17:00 the same day. */
export const HOURS_TO_CLOSING = 8;
export const HOUR = 3_600_000;

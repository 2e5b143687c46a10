/**
 * One door's day in virtual time: a scripted simulation that prints every event the engine
 * publishes. Run it with `pnpm start` (a whole day takes milliseconds).
 */
import { Either } from "effect";
import { createSite, type EngineEvent, type ManualCommand, type SiteInput } from "@portcullis/engine";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";

const office = [
  "BEGIN:VEVENT",
  "DTSTART:19700105T080000",
  "DTEND:19700105T170000",
  "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
  "END:VEVENT",
].join("\r\n");

const config = {
  name: "Demo office",
  timeZone: "Europe/Stockholm",
  controllers: [{ id: "c1", name: "Lobby controller", relays: ["r1"], inputs: ["in1", "in2"] }],
  schedules: [{ id: "office", name: "Office hours", vevents: [office] }],
  doors: [
    {
      id: "lobby",
      name: "Lobby",
      controllerId: "c1",
      primaryLock: "r1",
      unlockSchedule: "office",
      timing: { accessTimeS: 7, openTooLongS: 15, relock: "after-closing", relockDelayMs: 500 },
      doorMonitor: { input: "in1", openWhen: "circuit-open", debounceMs: 50 },
      sides: { A: {}, B: { rex: { input: "in2", action: "unlock", activeWhen: "circuit-closed" } } },
    },
  ],
};

// Monday 23 November 2026, midnight in Stockholm (UTC+1).
const midnight = Date.UTC(2026, 10, 22, 23);
const clock = new VirtualClock(midnight);
const site = Either.getOrThrowWith(
  createSite(config, { clock, hasher: hmacPinHasher() }),
  (e) => new Error(e.message),
);

const hhmmss = (at: number) => new Date(at + 3_600_000).toISOString().slice(11, 23);
const details = (e: EngineEvent) => {
  const { type: _t, at: _a, seq: _s, doorId: _d, ...rest } = e as EngineEvent & { doorId?: string };
  return Object.keys(rest).length === 0 ? "" : JSON.stringify(rest);
};
site.events$.subscribe((e) =>
  console.log(`${hhmmss(e.at)}  #${String(e.seq).padEnd(3)} ${e.type.padEnd(18)} ${details(e)}`),
);
site.start();

let grants = 0;
/** Runs the day up to `time` (timers fire on the way) and says what happens from then on. */
const at = (time: string, story: string) => {
  const [h, m] = time.split(":").map(Number);
  const target = midnight + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  clock.advanceTo(Math.max(clock.now(), target - 1));
  console.log(`\n— ${time} ${story}`);
  clock.advanceTo(target);
};
const after = (seconds: number) => clock.advance(seconds * 1000);
const push = (input: SiteInput) => Either.getOrThrowWith(site.push(input), (e) => new Error(e.message));
const door = (open: boolean) => push({ type: "door", doorId: "lobby", open });
const grant = (cardholder: string, extra: { long?: boolean; exempt?: boolean } = {}) =>
  push({
    type: "grant",
    doorId: "lobby",
    grant: {
      grantId: `g${++grants}`,
      kind: "credential",
      cardholderIds: [cardholder],
      long: extra.long ?? false,
      exempt: extra.exempt ?? false,
    },
  });
const manual = (command: ManualCommand) => site.manual("lobby", command, "operator");

at("00:00", "the door reports closed");
door(false);
at("07:30", "Alice badges in early and walks through");
grant("alice");
after(3);
door(true);
after(4);
door(false);
after(1);
at("08:00", "office hours: the schedule unlocks the door");
at("12:05", "a delivery holds the door open for ten minutes: masked while unlocked");
door(true);
after(600);
door(false);
at("17:00", "office hours end: the door locks");
at("17:30", "Bob is granted but never opens the door");
grant("bob");
after(10);
at("18:10", "someone leaves by the REX and holds the door open too long");
push({ type: "rex", doorId: "lobby", side: "B" });
after(1);
door(true);
after(20);
door(false);
at("21:00", "the door is forced open");
door(true);
after(5);
door(false);
at("22:00", "lockdown: Carol (exempt from lockdown) is let in");
manual("lockdown");
grant("carol", { exempt: true });
after(2);
door(true);
after(2);
door(false);
at("22:30", "the operator resets the door");
manual("reset");
at("23:59", "end of the day");
site.stop();

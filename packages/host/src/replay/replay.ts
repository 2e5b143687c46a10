/** Replays a trace of inputs through the engine alone, in virtual time (DESIGN §8 `portcullis replay`). */
import { Either } from "effect";
import {
  createSite,
  type CommandRefused,
  type ConfigChange,
  type ConfigError,
  type ConfigRefused,
  type InputRejected,
  type EngineEvent,
  type Site,
  type SiteInput,
} from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { parseTrace, TraceError, type TraceLine } from "./trace";

/** Why a replay could not run: the site file or a trace line is invalid. */
export class ReplayError extends Error {}

/** Event fields that hold an instant (epoch ms in the engine). */
const TIME_FIELDS: ReadonlySet<string> = new Set(["at", "until"]);

/** An event as replay prints it: every instant (`at`, `KeypadLockout.until`) as an ISO time, big numbers as decimal strings. */
export const eventJson = (event: EngineEvent): string =>
  JSON.stringify(event, (key, v: unknown) =>
    typeof v === "bigint"
      ? v.toString()
      : typeof v === "number" && TIME_FIELDS.has(key)
        ? new Date(v).toISOString()
        : v,
  );

const toBig = (v: string | number | undefined) => (v === undefined ? undefined : BigInt(v));

const inputOf = (line: TraceLine, at: number): SiteInput | undefined => {
  switch (line.type) {
    case "card": {
      const number = toBig(line.number);
      const facility = toBig(line.facility);
      return {
        type: "card",
        at,
        readerId: line.readerId,
        ...(number !== undefined && { number }),
        ...(facility !== undefined && { facility }),
        ...(line.bits !== undefined && { bits: line.bits }),
      };
    }
    case "keys":
      return { type: "keys", at, readerId: line.readerId, keys: line.keys };
    case "rex":
      return { type: "rex", at, doorId: line.doorId, side: line.side };
    case "plate":
      return { type: "plate", at, readerId: line.readerId, plate: line.plate };
    case "door":
      return { type: "door", at, doorId: line.doorId, open: line.open };
    case "input":
      return { type: "input", at, inputId: line.inputId, state: line.state };
    default:
      return undefined;
  }
};

type Refusal = InputRejected | CommandRefused | ConfigError | ConfigRefused;

/** Applies one line: an input, a manual action or a configuration change. */
const apply = (site: Site, line: TraceLine, at: number): Either.Either<void, Refusal> => {
  const input = inputOf(line, at);
  if (input !== undefined) return site.push(input);
  if (line.type === "manual") {
    const zone = line.target.startsWith("zone:") ? line.target.slice(5) : undefined;
    return zone === undefined
      ? site.manual(line.target, line.action, line.by, at)
      : site.manualZone(zone, line.action, line.by, at);
  }
  if (line.type === "config")
    return Either.map(site.configure(line.change as ConfigChange, line.by, at), () => {});
  return Either.void;
};

/**
 * Refusals that are the site's behaviour, not a bad line (a manual action or REX on a monitoring door, a
 * door position without a monitor, a REX where there is none, a fault on an unsupervised input, Lock in
 * lockdown): printed as `Refused{line, code}`, and the replay goes on.
 */
const BEHAVIOUR: ReadonlySet<string> = new Set<string>([
  "NoLock",
  "NoDoorMonitor",
  "NoRex",
  "NotSupervised",
  "DoorInLockdown",
]);

/** The field that names what a failing line got wrong: the id nothing answers to, or the change's field. */
const fieldOf = (line: TraceLine, refusal: Refusal): string => {
  if (refusal._tag === "ConfigError") return `change.${refusal.field}`;
  if (refusal._tag === "ConfigRefused") return "change";
  if (line.type === "manual") return "target";
  switch (refusal.code) {
    case "UnknownReader":
      return "readerId";
    case "UnknownDoor":
      return "doorId";
    case "UnknownInput":
      return line.type === "input" ? "inputId" : "type";
    default:
      return "type";
  }
};

/**
 * Runs `siteText` (the `--config` format) over `traceText` and writes each event as a JSON line.
 * Time starts at the first line and advances line by line, firing timers on the way; the same input
 * always prints the same output.
 */
export const replay = (
  siteText: string,
  traceText: string,
  out: (line: string) => void,
): Either.Either<void, ReplayError> => {
  let siteJson: unknown;
  try {
    siteJson = JSON.parse(siteText);
  } catch (error) {
    return Either.left(new ReplayError(`site: not JSON: ${(error as Error).message}`));
  }
  const trace = parseTrace(traceText);
  if (Either.isLeft(trace)) return Either.left(new ReplayError(trace.left.message));
  const clock = new VirtualClock(trace.right[0]?.at ?? 0);
  const created = createSite(siteJson, {
    clock,
    hasher: hmacPinHasher(),
    cardFormats: siteCardFormatSupport,
  });
  if (Either.isLeft(created)) return Either.left(new ReplayError(`site: ${created.left.message}`));
  const site = created.right;
  site.events$.subscribe((e) => out(eventJson(e)));
  site.start();
  for (const { line, input, at } of trace.right) {
    clock.advanceTo(at);
    const result = apply(site, input, at);
    if (Either.isRight(result)) continue;
    const refusal = result.left;
    const code = refusal._tag === "ConfigError" ? refusal._tag : refusal.code;
    if (BEHAVIOUR.has(code)) {
      out(JSON.stringify({ type: "Refused", at: new Date(at).toISOString(), line, code }));
      continue;
    }
    site.stop();
    return Either.left(
      new ReplayError(new TraceError(line, fieldOf(input, refusal), refusal.message).message),
    );
  }
  site.stop();
  return Either.void;
};

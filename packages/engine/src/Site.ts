/** The engine entry point: builds door actors from a validated site and routes inputs to them. */
import { Either } from "effect";
import { Subject, type Observable } from "rxjs";
import { createActor, type Actor } from "xstate";
import { doorMachine } from "./actors/doorMachine";
import type { DoorFacts, DoorInputRole, Grant, RelayDriver } from "./actors/doorTypes";
import { applyManualCommand, type ManualCommand } from "./actors/manualSlot";
import { monitoringDoorMachine } from "./actors/monitoringDoorMachine";
import type { EngineClock } from "./EngineClock";
import { CommandRefused, ConfigError, ConfigRefused, InputRejected } from "./errors";
import type { DoorMode, EngineEvent, EngineEventInput, Side, Slot } from "./events";
import { portRef } from "./model/Controller";
import type { MonitoringDoor, StandardDoor } from "./model/Door";
import { compileSchedule, type CompiledSchedule } from "./model/Schedule";
import { pinChart, validateSite, type PortUse, type SiteConfig } from "./model/Site";
import {
  inputStateOf,
  type Supervision,
  type ActiveWhen,
  type CircuitReading,
  type InputState,
} from "./model/Supervision";
import { doorSettings } from "./doorSettings";
import type { AccessRule } from "./model/AccessRule";
import {
  changedSiteFile,
  changeId,
  CONFIG_ENTITY_LOCATION,
  type ConfigEntity,
  type ConfigApplied,
  type ConfigChange,
  type ConfigOptions,
  type EntityChange,
  explainRemoval,
  siteFileJson,
} from "./configChange";
import { entityChangesBetween, entityJson, fieldChanges, resolvePatch } from "./configEntityJson";
import {
  deniedCredentials,
  type FormatInEffect,
  incompleteRuleWarnings,
  type SiteState,
} from "./configImpact";
import { describeRef, ownedBy, usersOf, type EntityUser } from "./configReferences";
import { applyPeopleChange, PEOPLE_ENTITIES } from "./peopleChange";
import { AccessPath, type AccessFacts } from "./AccessPath";
import type { FeedbackIntent, LastRead } from "./actors/readerMachine";
import { buildPolicyIndex } from "./decision/PolicyIndex";
import type { PinHasher } from "./decision/PinHasher";
import type { PresentedCard } from "./decision/reasons";
import { validatePolicy, type Policy } from "./model/Policy";
import type { ConfigIssue } from "./errors";
import { guardedStream } from "./guardedStream";
import { consoleLogger, Supervisor, type SiteLogger } from "./Supervisor";
import { ActionRules, type Refusal } from "./actions/ActionRules";
import type { OutputDriver } from "./actions/outputMachine";
import { actionRuleIssues } from "./model/ActionRule";

/** An input from the outside world; `at` defaults to the clock's now at ingress. */
export type SiteInput = { readonly at?: number } &
  /** A door position change already debounced. */
  (
    | { readonly type: "door"; readonly doorId: string; readonly open: boolean }
    /** A raw edge on a controller input (`controllerId:port`); the engine debounces it. */
    | { readonly type: "input"; readonly inputId: string; readonly state: InputState }
    /** The same edge as an electrical reading; the engine applies the input's polarity. */
    | { readonly type: "circuit"; readonly inputId: string; readonly reading: CircuitReading }
    /** A REX press already debounced. */
    | { readonly type: "rex"; readonly doorId: string; readonly side: Side }
    | { readonly type: "controller"; readonly controllerId: string; readonly online: boolean }
    /** A grant decided by the access decision or an integration. */
    | { readonly type: "grant"; readonly doorId: string; readonly grant: Grant }
    /** A double-swipe by a cardholder allowed to: toggles the door's override. */
    | { readonly type: "doubleSwipe"; readonly doorId: string; readonly cardholderId: string }
    /** A card at a reader: its number (and facility code), or raw bits for the site's card decoder. */
    | {
        readonly type: "card";
        readonly readerId: string;
        readonly number?: bigint;
        readonly facility?: bigint;
        readonly bits?: string;
      }
    /** Keypad keys at a reader, in order (`0`–`9`, `*`, `#`). */
    | { readonly type: "keys"; readonly readerId: string; readonly keys: string }
    /** A license plate read by a camera reader. */
    | { readonly type: "plate"; readonly readerId: string; readonly plate: string }
    /** A reader's device status; `error`: Secure Channel unsupported or failed, or off while the site requires it. */
    | {
        readonly type: "reader";
        readonly readerId: string;
        readonly online: boolean;
        readonly error?: boolean;
      }
    | { readonly type: "tamper"; readonly readerId: string; readonly active: boolean }
  );

/**
 * Card formats for a site (the protocols package provides it): checks the site file's formats and
 * readers' custom sets, and decodes raw bits with a reader's effective set.
 */
export interface CardFormatSupport {
  validate(site: SiteConfig): ReadonlyArray<ConfigIssue>;
  decoder(site: SiteConfig): CardDecoder;
  /** The widest card number a format in effect carries, in bits: a card credential must fit it. */
  cardNumberBits?(site: SiteConfig): number;
  /** Every format in effect (the active set and readers' custom sets): which cards stay readable. */
  formatsInEffect?(site: SiteConfig): ReadonlyArray<FormatInEffect>;
}

/** What {@link Site.configureBatch} takes. */
const BATCHED: ReadonlySet<string> = new Set(["cardholder", "credential", "group"]);

/** A removal refused because others use what it removes; `cascadable`: `cascade: true` would drop the references. */
const inUse = (
  entity: string,
  id: string,
  users: ReadonlyArray<EntityUser>,
  cascadable: boolean,
): ConfigRefused => {
  const named = users.map(describeRef);
  return new ConfigRefused({
    code: "InUse",
    users: named,
    message:
      `${entity} ${JSON.stringify(id)} is used by ${named.join(", ")}; ` +
      (cascadable
        ? "remove with cascade: true to drop it from them"
        : "change those first (a cascade cannot drop a required reference)"),
  });
};

/** The change that puts an entity or setting back as it was (`before`: its JSON then, undefined = absent). */
const inverseOf = (ref: Omit<EntityChange, "fields">, before: unknown): ConfigChange =>
  ref.entity === "pin" ||
  ref.entity === "facilityCodes" ||
  ref.entity === "customFields" ||
  ref.entity === "cardFormats"
    ? { op: "set", entity: ref.entity, value: before }
    : before === undefined
      ? { op: "remove", entity: ref.entity, id: ref.id }
      : { op: "put", entity: ref.entity, value: before };

/** A change refused because credentials that work now would stop working. */
const wouldDeny = (denied: { readonly pins: number; readonly cards: number }): ConfigRefused => {
  const parts = [
    ...(denied.pins > 0 ? [`${denied.pins} PIN${denied.pins === 1 ? "" : "s"} no keypad would accept`] : []),
    ...(denied.cards > 0
      ? [`${denied.cards} card${denied.cards === 1 ? "" : "s"} no reader would read`]
      : []),
  ];
  return new ConfigRefused({
    code: "WouldDenyCredentials",
    count: denied.pins + denied.cards,
    message: `this change leaves ${parts.join(" and ")}; give force: true to make it anyway`,
  });
};

/** A card number no format in effect can carry: it could never be read, so it is refused. */
const cardTooWide = (number: bigint, bits: number, field: string): ConfigIssue | undefined =>
  number >> BigInt(bits) === 0n
    ? undefined
    : {
        field,
        message: `card number needs ${number.toString(2).length} bits; the site's card formats carry at most ${bits}`,
      };

/** Decodes raw card bits with a reader's effective card formats (the protocols package provides it). */
export type CardDecoder = (
  readerId: string,
  bits: string,
) => { readonly card: PresentedCard | undefined; readonly format?: string };

/** A reader's current state. */
export interface ReaderSnapshot {
  readonly id: string;
  readonly doorId: string;
  readonly side: Side;
  readonly online: boolean;
  /** Connected but unusable: Secure Channel unsupported or failed, or off while the site requires it. */
  readonly error: boolean;
  readonly tamper: boolean;
  readonly keypadLockedUntil: number | undefined;
  readonly lastRead: LastRead | undefined;
  /** The reader decodes with a custom set of card formats rather than the site's (seed: flagged). */
  readonly cardFormats: "site" | "custom";
}

/** Door snapshot: what operators see and the WebSocket feed sends (DESIGN §8). */
export interface DoorSnapshot {
  readonly id: string;
  readonly name: string;
  readonly kind: "standard" | "monitoring";
  /** A monitoring door takes no manual action: `none`. */
  readonly slot: Slot;
  /** A monitoring door has no lock: ONVIF's `Unknown`. */
  readonly mode: DoorMode | "Unknown";
  readonly override: boolean;
  readonly locks: ReadonlyArray<{ readonly relay: string; readonly state: "locked" | "unlocked" }>;
  readonly position: "Open" | "Closed" | "Unknown";
  readonly alarm: "Normal" | "DoorForcedOpen" | "DoorOpenTooLong";
  readonly faults: ReadonlyArray<{ readonly input: string; readonly fault: "cut" | "short" }>;
  /** The seed's door status plus controller-offline; first match wins (DESIGN §3). */
  readonly status: "controller-offline" | "reader-offline" | "reader-error" | "online";
}

/** What a site needs from its host. */
export interface SiteOptions {
  readonly clock: EngineClock;
  /** Turns PINs into their HMAC tags (the host holds the key). */
  readonly hasher: PinHasher;
  /** Lock relay outputs; defaults to none (simulation). */
  readonly relays?: RelayDriver;
  /** Auxiliary relays that action rules drive; defaults to none (simulation). */
  readonly outputs?: OutputDriver;
  /** Reader LED and buzzer outputs; defaults to none. */
  readonly feedback?: (readerId: string, intent: FeedbackIntent) => void;
  /** The site's card formats; without them, `cardDecoder` decodes (or card inputs must carry a number). */
  readonly cardFormats?: CardFormatSupport;
  /** Decodes raw card bits when the site has no `cardFormats` support. */
  readonly cardDecoder?: CardDecoder;
  /** Where the site reports errors it survived (a throwing `events$` subscriber); default: the console. */
  readonly logger?: SiteLogger;
  /** Persisted domain facts to rebuild doors from (DESIGN §2). */
  readonly doorFacts?: Readonly<Record<string, DoorFacts>>;
  /** Persisted presence and credential use to rebuild zones and counters from. */
  readonly accessFacts?: AccessFacts;
  /** The `seq` of the first event, so a restarted site continues its journal (default 1). */
  readonly firstSeq?: number;
}

/** A validated site file: the site, its policy, and the warnings validation returned. */
export interface ValidSiteFile {
  readonly site: SiteConfig;
  readonly policy: Policy;
  readonly warnings: ReadonlyArray<ConfigIssue>;
}

type DoorActor = Actor<typeof doorMachine>;
type MonitoringActor = Actor<typeof monitoringDoorMachine>;

interface StandardEntry {
  readonly kind: "standard";
  config: StandardDoor;
  actor: DoorActor;
}
interface MonitoringEntry {
  readonly kind: "monitoring";
  readonly config: MonitoringDoor;
  actor: MonitoringActor;
}
type Entry = StandardEntry | MonitoringEntry;

interface RouteBase {
  readonly supervised: boolean;
  /** Polarity: which circuit condition means active (open, pressed). */
  readonly activeWhen: ActiveWhen;
}
type InputRoute =
  | (RouteBase & { readonly kind: "door"; readonly entry: StandardEntry; readonly role: DoorInputRole })
  | (RouteBase & { readonly kind: "monitoring"; readonly entry: MonitoringEntry });

const noRelays: RelayDriver = { setRelay: () => {} };

const toPosition = (p: "open" | "closed" | "unknown"): DoorSnapshot["position"] =>
  p === "open" ? "Open" : p === "closed" ? "Closed" : "Unknown";

/** A running site: door actors on one clock, an event stream, inputs and manual actions. */
export class Site {
  private readonly subject = new Subject<EngineEvent>();
  /**
   * Every event, in order, with its per-site `seq`. A subscriber that throws is logged and skipped: it
   * cannot stop an actor, the other subscribers or the process.
   */
  readonly events$: Observable<EngineEvent>;
  private readonly seenSubject = new Subject<string>();
  /**
   * Doors whose snapshot changed without an event: the first position reading after a start, a
   * monitor fault or an offline controller is taken silently (DESIGN §2), yet a console showing the
   * door Unknown must learn it. Told while the input is handled: the door's snapshot shows the
   * reading once the push or timer that took it returns.
   */
  readonly doorsSeen$: Observable<string>;
  private readonly supervisor: Supervisor;
  private readonly doors = new Map<string, Entry>();
  private readonly inputs = new Map<string, InputRoute>();
  private readonly controllersOnline = new Map<string, boolean>();
  private schedules: ReadonlyMap<string, CompiledSchedule>;
  private cardDecoder: CardDecoder | undefined;
  private seq = 0;
  private manualSeq = 0;
  /** Set last in the constructor: events published while the site is built set off no rule. */
  private readonly actions: ActionRules | undefined;

  /** The swipe path: readers, zones and the access decision. */
  access: AccessPath;
  /** The site as configured now; changes go through {@link configure}. */
  config: SiteConfig;
  /** The policy as configured now. */
  policy: Policy;

  constructor(
    file: ValidSiteFile,
    private readonly options: SiteOptions,
  ) {
    const logger = options.logger ?? consoleLogger;
    this.events$ = guardedStream(this.subject, (error) =>
      logger.error("an events$ subscriber threw; the event went on to the others", { error: String(error) }),
    );
    this.doorsSeen$ = guardedStream(this.seenSubject, (error) =>
      logger.error("a doorsSeen$ subscriber threw; the others were told", { error: String(error) }),
    );
    this.supervisor = new Supervisor(options.clock, this.publish, logger);
    this.config = file.site;
    this.policy = file.policy;
    this.cardDecoder = options.cardFormats?.decoder(file.site) ?? options.cardDecoder;
    this.seq = (options.firstSeq ?? 1) - 1;
    this.schedules = compileSchedules(file.site);
    for (const c of file.site.controllers) this.controllersOnline.set(c.id, true);
    for (const door of file.site.doors) this.addDoor(door);
    this.routeInputs();
    this.access = this.buildAccess(options.accessFacts);
    this.actions = this.buildActions(file.site);
  }

  private buildActions(site: SiteConfig): ActionRules {
    const refusal = (result: Either.Either<void, CommandRefused | InputRejected>): Refusal | undefined =>
      Either.isLeft(result) ? { code: result.left.code, message: result.left.message } : undefined;
    return new ActionRules(
      {
        clock: this.options.clock,
        publish: this.publish,
        supervisor: this.supervisor,
        outputs: this.options.outputs ?? { setOutput: () => {} },
        feedback: this.options.feedback ?? (() => {}),
        schedule: (id) => this.schedules.get(id),
        zoneDoors: (zoneId) => this.zoneDoors(zoneId),
        door: (doorId, action, by, at) => refusal(this.applyManual(doorId, action, by, at, true)),
        zone: (zoneId, action, by, at) => refusal(this.applyManualZone(zoneId, action, by, at)),
      },
      site.actionRules,
    );
  }

  private buildAccess(facts: AccessFacts | undefined): AccessPath {
    const index = buildPolicyIndex(this.policy, this.config, this.schedules, this.options.hasher);
    return new AccessPath(
      index,
      this.policy,
      this.config.doors.filter((d): d is StandardDoor => d.type !== "monitoring"),
      this.options.clock,
      {
        slot: (doorId) => this.standard(doorId)?.actor.getSnapshot().context.slot ?? "none",
        twoPersonWaiting: (doorId, side) =>
          this.standard(doorId)?.actor.getSnapshot().context.twoPerson[side],
        send: (doorId, event) => this.standard(doorId)?.actor.send(event),
      },
      this.publish,
      this.options.feedback ?? (() => {}),
      this.supervisor,
      facts,
    );
  }

  private standard(doorId: string): StandardEntry | undefined {
    const entry = this.doors.get(doorId);
    return entry?.kind === "standard" ? entry : undefined;
  }

  /**
   * Reserves the next `seq` for an event of the host's own (DESIGN §6: AlarmAcknowledged, …), so the
   * journal holds both in one order. Append it at once, before the site publishes again.
   */
  reserveSeq(): number {
    return ++this.seq;
  }

  /** The clock's now: the ingress stamp of inputs without `at`. */
  now(): number {
    return this.options.clock.now();
  }

  /** Stamps `seq` on the event in place: actors hand over fresh objects, and a swipe's events are many. */
  private readonly publish = (event: EngineEventInput): void => {
    // Presence moves on AccessTaken, and the event says from which zone to which (DESIGN §5 step 11).
    if (event.type === "AccessTaken" && event.side !== undefined && this.access !== undefined) {
      const move = this.access.taken(event.doorId, event.side, event.cardholderIds, event.at);
      const e = event as { fromZone?: string; toZone?: string };
      if (move.fromZone !== undefined) e.fromZone = move.fromZone;
      if (move.toZone !== undefined) e.toZone = move.toZone;
    }
    (event as { seq?: number }).seq = ++this.seq;
    this.subject.next(event as EngineEvent);
    this.actions?.notify(event as EngineEvent);
  };

  private readonly seen = (doorId: string): void => this.seenSubject.next(doorId);

  private addDoor(door: StandardDoor | MonitoringDoor): void {
    if (door.type === "monitoring") {
      this.doors.set(door.id, { kind: "monitoring", config: door, actor: this.startMonitoring(door) });
      return;
    }
    this.doors.set(door.id, {
      kind: "standard",
      config: door,
      actor: this.startDoor(door, this.options.doorFacts?.[door.id]),
    });
  }

  /** Maps every controller input to the door input wired to it. */
  private routeInputs(): void {
    this.inputs.clear();
    const route = (ref: string, r: InputRoute) => this.inputs.set(ref, r);
    for (const entry of this.doors.values()) {
      const door = entry.config;
      if (entry.kind === "monitoring") {
        const sensor = entry.config.sensor;
        route(portRef(door.controllerId, sensor.input), {
          kind: "monitoring",
          entry,
          supervised: sensor.supervision.kind !== "off",
          activeWhen: sensor.openWhen,
        });
        continue;
      }
      const wire = (role: DoorInputRole, input: string, supervision: Supervision, activeWhen: ActiveWhen) =>
        route(portRef(door.controllerId, input), {
          kind: "door",
          entry,
          role,
          supervised: supervision.kind !== "off",
          activeWhen,
        });
      const m = entry.config.doorMonitor;
      if (m) wire("monitor", m.input, m.supervision, m.openWhen);
      for (const side of ["A", "B"] as const) {
        const rex = entry.config.sides[side].rex;
        if (rex) wire(`rex:${side}`, rex.input, rex.supervision, rex.activeWhen);
      }
    }
  }

  /**
   * Changes the configuration at runtime (DESIGN §3). People, credentials, groups and rules are
   * validated one by one against the index; any other change validates the whole site file with it;
   * people, credentials, rules, profiles and PIN settings apply from the next decision, schedules at
   * once, a door's wiring and timing when no grant cycle runs on it. Presence and credential use
   * carry over. A removal others still use is refused (`InUse`) unless `cascade`, and a change that
   * would stop credentials that work now (`WouldDenyCredentials`) unless `force`. Publishes one
   * `ConfigChanged` per entity changed (cascades too) and returns them with the warnings.
   */
  configure(
    change: ConfigChange,
    by: string,
    at = this.now(),
    options: ConfigOptions = {},
  ): Either.Either<ConfigApplied, ConfigError | ConfigRefused> {
    this.options.clock.runDue(at);
    if (change.op === "replace")
      return this.replaceSite(change, { site: this.config, policy: this.policy }, by, at, options);
    const resolved =
      change.op === "patch" ? resolvePatch(this.config, this.policy, change) : Either.right(change);
    if (Either.isLeft(resolved)) return Either.left(resolved.left);
    // A patch resolves to a put or a set, never to a replacement.
    const c = resolved.right as Exclude<ConfigChange, { op: "patch" | "replace" }>;
    const before: SiteState = { site: this.config, policy: this.policy };
    let cascaded: Array<Omit<EntityChange, "fields">> = [];
    if (c.op === "remove") {
      const users = usersOf(this.config, this.policy, c.entity, c.id);
      const fixed = users.filter((u) => !u.cascades);
      if (fixed.length > 0 || (users.length > 0 && options.cascade !== true))
        return Either.left(inUse(c.entity, c.id, fixed.length > 0 ? fixed : users, fixed.length === 0));
      cascaded = [
        ...users.map((u) => ({ entity: u.entity, id: u.id, change: "put" as const })),
        ...ownedBy(this.policy, c.entity, c.id).map((o) => ({ ...o, change: "remove" as const })),
      ];
    }
    // Taken before the change: people lists change in place (a copy of 100 000 per change costs more than the change).
    const refs: ReadonlyArray<Omit<EntityChange, "fields">> = [
      { entity: c.entity, id: changeId(c), change: change.op },
      ...cascaded,
    ];
    const beforeJson = refs.map((e) => entityJson(before.site, before.policy, e.entity, e.id));
    const applied = this.applyChange(c, at, options);
    if (Either.isLeft(applied)) return Either.left(applied.left);
    const changed: EntityChange[] = refs.map((e, i) => ({
      ...e,
      fields: fieldChanges(beforeJson[i], entityJson(this.config, this.policy, e.entity, e.id)),
    }));
    for (const e of changed)
      this.publish({
        type: "ConfigChanged",
        at,
        entity: e.entity,
        id: e.id,
        change: e.change,
        by,
        fields: e.fields,
      });
    const rulesBefore = new Map(
      refs.flatMap((e, i) =>
        e.entity === "rule" && beforeJson[i] !== undefined ? [[e.id, beforeJson[i] as AccessRule]] : [],
      ),
    );
    return Either.right({
      warnings: [...applied.right, ...incompleteRuleWarnings(changed, rulesBefore, this.policy)],
      changed,
      undo: refs.map((e, i) => inverseOf(e, beforeJson[i])),
    });
  }

  /**
   * A whole-site replacement (an import, its undo): one `ConfigChanged` names it with, per list, the entities
   * before and after; the answer lists every entity it changed, which is what gets stored.
   */
  private replaceSite(
    change: Extract<ConfigChange, { op: "replace" }>,
    before: SiteState,
    by: string,
    at: number,
    options: ConfigOptions,
  ): Either.Either<ConfigApplied, ConfigError | ConfigRefused> {
    const beforeFile = siteFileJson(before.site, before.policy);
    const applied = this.applyChange(change, at, options);
    if (Either.isLeft(applied)) return Either.left(applied.left);
    const after: SiteState = { site: this.config, policy: this.policy };
    const changed = entityChangesBetween(beforeFile, after);
    const fields: Record<string, { before: number; after: number }> = {};
    for (const e of changed) {
      if (e.change === "set" || fields[e.entity] !== undefined) continue;
      const { part, key } = CONFIG_ENTITY_LOCATION[e.entity as ConfigEntity];
      const count = (state: SiteState) =>
        ((state[part] as unknown as Record<string, ReadonlyArray<unknown>>)[key] ?? []).length;
      fields[e.entity] = { before: count(before), after: count(after) };
    }
    this.publish({ type: "ConfigChanged", at, entity: "site", id: change.id, change: "replace", by, fields });
    const rulesBefore = new Map(before.policy.rules.map((r) => [r.id, r]));
    return Either.right({
      warnings: [...applied.right, ...incompleteRuleWarnings(changed, rulesBefore, after.policy)],
      changed,
      undo: [{ op: "replace", entity: "site", id: `undo ${change.id}`, value: beforeFile }],
    });
  }

  /**
   * Puts and removes many cardholders, credentials and groups as one batch (a sub taking its main's
   * snapshot): each change validated against the index and applied in place as {@link configure} does,
   * in order, a removal with its cascade; a refused change is skipped and answered at its position.
   * One `ConfigChanged` names the batch as a whole-site replacement (`id`, per-list counts), so the
   * site is stored once, not a change at a time.
   */
  configureBatch(
    changes: ReadonlyArray<Extract<ConfigChange, { op: "put" | "remove" }>>,
    id: string,
    by: string,
    at = this.now(),
  ): ReadonlyArray<ConfigError | ConfigRefused | undefined> {
    const steps = this.configureBatchInSteps(changes, id, by, Math.max(1, changes.length), at);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /**
   * {@link configureBatch} in steps of at most `step` changes: the generator stops after each step
   * (yielding how many changes are applied so far) until the caller resumes it, so a caller can let
   * cards be decided between steps — a 100 000-cardholder snapshot applied at once held every
   * decision for seconds. Decisions between steps see the changes applied so far; the one
   * `ConfigChanged` comes after the last step, and the generator returns the answers.
   */
  *configureBatchInSteps(
    changes: ReadonlyArray<Extract<ConfigChange, { op: "put" | "remove" }>>,
    id: string,
    by: string,
    step: number,
    at = this.now(),
  ): Generator<number, ReadonlyArray<ConfigError | ConfigRefused | undefined>, void> {
    this.options.clock.runDue(at);
    const counts = () => [
      this.policy.cardholders.length,
      this.policy.credentials.length,
      this.policy.groups.length,
    ];
    const before = counts();
    const refused: Array<ConfigError | ConfigRefused | undefined> = [];
    for (const change of changes) {
      if (refused.length > 0 && refused.length % step === 0) yield refused.length;
      if (!BATCHED.has(change.entity)) {
        refused.push(
          ConfigError.of([{ field: "entity", message: `a batch does not take ${change.entity}` }]),
        );
        continue;
      }
      const applied = this.applyChange(change, at, {});
      refused.push(Either.isLeft(applied) ? applied.left : undefined);
    }
    const after = counts();
    const fields: Record<string, { before: number; after: number }> = {};
    (["cardholder", "credential", "group"] as const).forEach((entity, i) => {
      if (before[i] !== after[i] || changes.some((c) => c.entity === entity))
        fields[entity] = { before: before[i]!, after: after[i]! };
    });
    // Cards decided between steps came later than `at`: the batch is announced after them.
    const end = Math.max(at, this.now());
    this.publish({ type: "ConfigChanged", at: end, entity: "site", id, change: "replace", by, fields });
    return refused;
  }

  /** Applies a resolved change in memory; on a refusal nothing changed. Returns validation warnings. */
  private applyChange(
    change: Exclude<ConfigChange, { op: "patch" }>,
    at: number,
    options: ConfigOptions,
  ): Either.Either<ReadonlyArray<ConfigIssue>, ConfigError | ConfigRefused> {
    if (change.op !== "set" && PEOPLE_ENTITIES.has(change.entity)) {
      // Checked before the change, which updates the index in place.
      const tooWide = this.cardTooWide(change);
      if (tooWide !== undefined) return Either.left(ConfigError.of([tooWide]));
      const policy = applyPeopleChange(this.access.index, this.policy, change);
      if (Either.isLeft(policy)) return Either.left(policy.left);
      this.policy = policy.right;
      return Either.right([]);
    }
    const file = Either.flatMap(changedSiteFile(this.config, this.policy, change), (doc) =>
      Either.mapLeft(validateSiteFile(doc, this.options.hasher, this.options.cardFormats), (e) =>
        explainRemoval(change, doc, e),
      ),
    );
    if (Either.isLeft(file)) return Either.left(file.left);
    if (options.force !== true) {
      const formats = this.options.cardFormats?.formatsInEffect;
      const denied = deniedCredentials(
        { site: this.config, policy: this.policy },
        file.right,
        formats && ((site) => formats(site)),
      );
      if (denied.pins + denied.cards > 0) return Either.left(wouldDeny(denied));
    }
    this.reconfigure(file.right, at);
    return Either.right(file.right.warnings);
  }

  /** A card credential put with a number no format in effect carries. */
  private cardTooWide(change: ConfigChange): ConfigIssue | undefined {
    if (change.op !== "put" || change.entity !== "credential") return undefined;
    const value = change.value as { kind?: unknown; number?: unknown } | null;
    const bits = this.options.cardFormats?.cardNumberBits?.(this.config);
    if (value?.kind !== "card" || bits === undefined) return undefined;
    const digits =
      typeof value.number === "string" || typeof value.number === "number" ? String(value.number) : "";
    return /^\d+$/.test(digits) ? cardTooWide(BigInt(digits), bits, "number") : undefined;
  }

  private reconfigure(file: ValidSiteFile, at: number): void {
    this.config = file.site;
    this.policy = file.policy;
    this.cardDecoder = this.options.cardFormats?.decoder(file.site) ?? this.options.cardDecoder;
    this.schedules = compileSchedules(file.site);
    for (const c of file.site.controllers)
      if (!this.controllersOnline.has(c.id)) this.controllersOnline.set(c.id, true);
    const next = new Map(file.site.doors.map((d) => [d.id, d]));
    for (const [id, entry] of this.doors) {
      const door = next.get(id);
      if (
        door === undefined ||
        door.type !== entry.config.type ||
        door.controllerId !== entry.config.controllerId
      ) {
        entry.actor.stop();
        this.doors.delete(id);
      }
    }
    for (const door of file.site.doors) {
      const entry = this.doors.get(door.id);
      if (entry === undefined) this.addDoor(door);
      else if (entry.kind === "standard" && door.type !== "monitoring") {
        entry.config = door;
        const schedule =
          door.unlockSchedule === undefined ? undefined : this.schedules.get(door.unlockSchedule);
        entry.actor.send({ type: "RECONFIGURE", at, settings: doorSettings(door, schedule) });
      } else if (JSON.stringify(entry.config) !== JSON.stringify(door)) {
        entry.actor.stop();
        this.doors.delete(door.id);
        this.addDoor(door);
      }
    }
    this.routeInputs();
    const old = this.access;
    old.stop();
    this.access = this.buildAccess(old.facts());
    this.actions?.set(file.site.actionRules);
  }

  private startDoor(door: StandardDoor, facts: DoorFacts | undefined): DoorActor {
    const schedule = door.unlockSchedule === undefined ? undefined : this.schedules.get(door.unlockSchedule);
    const actor = createActor(doorMachine, {
      clock: this.options.clock,
      input: {
        id: door.id,
        settings: doorSettings(door, schedule),
        at: this.now(),
        ...(facts && { facts }),
        publish: this.publish,
        seen: this.seen,
        relays: this.options.relays ?? noRelays,
      },
    });
    this.supervisor.watch(actor, `door:${door.id}`, () => {
      const { slot, override } = actor.getSnapshot().context;
      const entry = this.doors.get(door.id);
      if (entry?.kind === "standard" && entry.actor === actor)
        entry.actor = this.startDoor(entry.config, { slot, override });
    });
    if (this.started) actor.start();
    return actor;
  }

  /** A monitoring door's actor; rebuilt, it takes its next reading silently like any started door. */
  private startMonitoring(door: MonitoringDoor): MonitoringActor {
    const actor = createActor(monitoringDoorMachine, {
      clock: this.options.clock,
      input: {
        id: door.id,
        sensorRef: portRef(door.controllerId, door.sensor.input),
        debounceMs: door.sensor.debounceMs,
        publish: this.publish,
        seen: this.seen,
      },
    });
    this.supervisor.watch(actor, `door:${door.id}`, () => {
      const entry = this.doors.get(door.id);
      if (entry?.kind === "monitoring" && entry.actor === actor) entry.actor = this.startMonitoring(door);
    });
    actor.start();
    return actor;
  }

  private started = false;

  /**
   * Starts the doors: from here on they act and publish. Subscribe to `events$` first — a door whose
   * schedule or persisted slot unlocks it publishes that at once.
   */
  start(): this {
    if (this.started) return this;
    this.started = true;
    for (const entry of this.doors.values()) if (entry.kind === "standard") entry.actor.start();
    this.actions?.start();
    return this;
  }

  /** Applies an input. Unknown targets and impossible readings are rejected and change nothing. */
  push(input: SiteInput): Either.Either<void, InputRejected> {
    const at = input.at ?? this.now();
    this.options.clock.runDue(at);
    switch (input.type) {
      case "circuit":
      case "input": {
        const route = this.inputs.get(input.inputId);
        if (!route) return reject("UnknownInput", `no door uses input "${input.inputId}"`);
        const state = input.type === "input" ? input.state : inputStateOf(input.reading, route.activeWhen);
        if (!route.supervised && (state === "cut" || state === "short"))
          return reject(
            "NotSupervised",
            `input "${input.inputId}" is not supervised: it cannot read ${state}`,
          );
        if (route.kind === "monitoring") route.entry.actor.send({ type: "INPUT", at, state });
        else route.entry.actor.send({ type: "INPUT", at, role: route.role, state });
        return Either.void;
      }
      case "controller": {
        if (!this.controllersOnline.has(input.controllerId))
          return reject("UnknownDoor", `unknown controller "${input.controllerId}"`);
        if (this.controllersOnline.get(input.controllerId) === input.online) return Either.void;
        this.controllersOnline.set(input.controllerId, input.online);
        this.publish({
          type: input.online ? "ControllerOnline" : "ControllerOffline",
          at,
          controllerId: input.controllerId,
        });
        for (const entry of this.doors.values()) {
          if (entry.config.controllerId !== input.controllerId) continue;
          const event = { type: "CONTROLLER", at, online: input.online } as const;
          // Narrowed apart: the two kinds of door actor take different events.
          if (entry.kind === "monitoring") entry.actor.send(event);
          else entry.actor.send(event);
        }
        return Either.void;
      }
      case "door": {
        const entry = this.doors.get(input.doorId);
        if (!entry) return reject("UnknownDoor", `unknown door "${input.doorId}"`);
        if (entry.kind === "standard" && !entry.config.doorMonitor)
          return reject("NoDoorMonitor", `door "${input.doorId}" has no door monitor`);
        // A faulted door monitor means position Unknown (DESIGN §4): a reading through it is not taken.
        if (monitorFaulted(entry)) return Either.void;
        if (entry.kind === "monitoring") entry.actor.send({ type: "POSITION", at, open: input.open });
        else entry.actor.send({ type: "POSITION", at, open: input.open });
        return Either.void;
      }
      case "card": {
        // No conditional spread: this is the swipe path.
        let card: PresentedCard | undefined =
          input.number === undefined
            ? undefined
            : input.facility === undefined
              ? { number: input.number }
              : { number: input.number, facility: input.facility };
        let format: string | undefined;
        if (card === undefined) {
          if (input.bits === undefined || this.cardDecoder === undefined)
            return reject("UnknownInput", "a card input needs a number, or bits and a card decoder");
          const decoded = this.cardDecoder(input.readerId, input.bits);
          card = decoded.card;
          format = decoded.format;
        }
        return this.access.readCard(input.readerId, at, card, input.bits, format)
          ? Either.void
          : reject("UnknownReader", `unknown reader "${input.readerId}"`);
      }
      case "keys": {
        if (!this.access.readers.has(input.readerId))
          return reject("UnknownReader", `unknown reader "${input.readerId}"`);
        for (const key of input.keys) this.access.sendReader(input.readerId, { type: "KEY", at, key });
        return Either.void;
      }
      case "plate":
      case "reader":
      case "tamper": {
        const event =
          input.type === "plate"
            ? ({ type: "PLATE", at, plate: input.plate } as const)
            : input.type === "reader"
              ? ({
                  type: "ONLINE",
                  at,
                  online: input.online,
                  ...(input.error !== undefined && { error: input.error }),
                } as const)
              : ({ type: "TAMPER", at, active: input.active } as const);
        return this.access.sendReader(input.readerId, event)
          ? Either.void
          : reject("UnknownReader", `unknown reader "${input.readerId}"`);
      }
      case "rex":
      case "grant":
      case "doubleSwipe": {
        const entry = this.doors.get(input.doorId);
        if (!entry) return reject("UnknownDoor", `unknown door "${input.doorId}"`);
        if (entry.kind === "monitoring")
          return reject("NoLock", `door "${input.doorId}" is a monitoring door`);
        if (input.type === "rex" && !entry.config.sides[input.side].rex)
          return reject("NoRex", `door "${input.doorId}" has no REX on side ${input.side}`);
        // A `rex` entry in the side's profile restricts REX to its schedules (DESIGN §3).
        if (input.type === "rex" && !this.access.rexAllowed(input.doorId, input.side, at)) return Either.void;
        entry.actor.send(
          input.type === "rex"
            ? { type: "REX", at, side: input.side }
            : input.type === "grant"
              ? { type: "GRANT", at, grant: input.grant }
              : { type: "DOUBLE_SWIPE", at, cardholderId: input.cardholderId },
        );
        return Either.void;
      }
    }
  }

  /** Applies an operator's manual action to a door (DESIGN §4 slot table). */
  manual(
    doorId: string,
    command: ManualCommand,
    by: string,
    at = this.now(),
    journal = true,
  ): Either.Either<void, CommandRefused | InputRejected> {
    this.options.clock.runDue(at);
    return this.applyManual(doorId, command, by, at, journal);
  }

  private applyManual(
    doorId: string,
    command: ManualCommand,
    by: string,
    at: number,
    journal: boolean,
  ): Either.Either<void, CommandRefused | InputRejected> {
    const entry = this.doors.get(doorId);
    if (!entry) return reject("UnknownDoor", `unknown door "${doorId}"`);
    if (entry.kind === "monitoring")
      return reject("NoLock", `door "${doorId}" is a monitoring door and has no lock`);
    const outcome = applyManualCommand(entry.actor.getSnapshot().context.slot, command);
    if (outcome.kind === "refused")
      return Either.left(
        new CommandRefused({ code: outcome.reason, message: `door "${doorId}" is in lockdown` }),
      );
    if (journal) this.publish({ type: "ManualAction", at, doorId, action: command, by });
    entry.actor.send({ type: "MANUAL", at, command, grantId: `manual:${doorId}:${++this.manualSeq}` });
    return Either.void;
  }

  /** The door's current state. */
  door(doorId: string): DoorSnapshot | undefined {
    const entry = this.doors.get(doorId);
    if (!entry) return undefined;
    const online = this.controllersOnline.get(entry.config.controllerId) !== false;
    const base = { id: entry.config.id, name: entry.config.name, status: this.doorStatus(entry, online) };
    if (entry.kind === "monitoring") {
      const c = entry.actor.getSnapshot().context;
      return {
        ...base,
        kind: "monitoring",
        slot: "none",
        mode: "Unknown",
        override: false,
        locks: [],
        position: toPosition(c.position),
        alarm: "Normal",
        faults:
          c.accepted === "cut" || c.accepted === "short" ? [{ input: c.sensorRef, fault: c.accepted }] : [],
      };
    }
    const c = entry.actor.getSnapshot().context;
    const faults: Array<{ input: string; fault: "cut" | "short" }> = [];
    for (const [role, state] of Object.entries(c.inputs)) {
      if (state !== "cut" && state !== "short") continue;
      const wiring = role === "monitor" ? c.settings.monitor : c.settings.rex[role === "rex:A" ? "A" : "B"];
      faults.push({ input: wiring?.ref ?? role, fault: state });
    }
    return {
      ...base,
      kind: "standard",
      slot: c.slot,
      mode: c.mode,
      override: c.override,
      locks: c.settings.locks.map((relay, i) => ({
        relay,
        state: c.locked[i] === false ? "unlocked" : "locked",
      })),
      position: toPosition(c.position),
      alarm: c.forcedOpen ? "DoorForcedOpen" : c.openTooLong ? "DoorOpenTooLong" : "Normal",
      faults,
    };
  }

  private doorStatus(entry: Entry, controllerOnline: boolean): DoorSnapshot["status"] {
    if (!controllerOnline) return "controller-offline";
    if (entry.kind === "monitoring") return "online";
    const readers = (["A", "B"] as const).flatMap((side) => entry.config.sides[side].readers);
    if (readers.some((r) => !this.access.readerOnline(r.id))) return "reader-offline";
    if (readers.some((r) => this.access.readerState(r.id)?.error)) return "reader-error";
    return "online";
  }

  /** Every door's current state, in configuration order. */
  allDoors(): DoorSnapshot[] {
    return [...this.doors.keys()].map((id) => this.door(id)!);
  }

  /** Which controller port does what for a door. */
  pinChart(doorId: string): PortUse[] | undefined {
    return pinChart(this.config, doorId);
  }

  /** A reader's current state, with its last read for enrolment. */
  reader(readerId: string): ReaderSnapshot | undefined {
    const reader = this.access.readers.get(readerId);
    if (!reader) return undefined;
    const c = this.access.readerState(readerId);
    return {
      id: readerId,
      doorId: reader.place.doorId,
      side: reader.place.side,
      online: this.access.readerOnline(readerId),
      error: c?.error ?? false,
      tamper: c?.tamper ?? false,
      keypadLockedUntil: c?.lockedOutUntil,
      lastRead: this.access.lastReads.get(readerId),
      cardFormats: reader.customCardFormats ? "custom" : "site",
    };
  }

  /** The zones a cardholder is present in, with the time they entered. */
  presenceOf(cardholderId: string): Array<{ zoneId: string; enteredAt: number }> {
    return [...this.access.zones.keys()].flatMap((zoneId) => {
      const p = this.access.presence(zoneId, cardholderId);
      return p ? [{ zoneId, enteredAt: p.enteredAt }] : [];
    });
  }

  /** Who is in a zone, with the time they entered. */
  zone(zoneId: string): Array<{ cardholderId: string; enteredAt: number }> | undefined {
    const zone = this.access.zones.get(zoneId);
    if (!zone) return undefined;
    return [...zone.getSnapshot().context.presence].map(([cardholderId, p]) => ({
      cardholderId,
      enteredAt: p.enteredAt,
    }));
  }

  /** Applies a manual action to every door of a zone; each door's slot table applies. */
  manualZone(
    zoneId: string,
    command: ManualCommand,
    by: string,
    at = this.now(),
  ): Either.Either<void, InputRejected> {
    if (!this.access.index.zones.has(zoneId)) return reject("UnknownZone", `unknown zone "${zoneId}"`);
    this.options.clock.runDue(at);
    return this.applyManualZone(zoneId, command, by, at);
  }

  private applyManualZone(
    zoneId: string,
    command: ManualCommand,
    by: string,
    at: number,
  ): Either.Either<void, InputRejected> {
    if (!this.access.index.zones.has(zoneId)) return reject("UnknownZone", `unknown zone "${zoneId}"`);
    this.publish({ type: "ManualAction", at, zoneId, action: command, by });
    for (const doorId of this.zoneDoors(zoneId)) this.applyManual(doorId, command, by, at, false);
    return Either.void;
  }

  private zoneDoors(zoneId: string): string[] {
    return [...this.access.index.accessPoints.keys()].filter((doorId) => {
      const point = this.access.index.accessPoints.get(doorId)!;
      return [point.A, point.B].some(
        (p) => p.ruleZones.includes(zoneId) || p.move.toZone === zoneId || p.move.fromZone === zoneId,
      );
    });
  }

  /** Forgives anti-passback for a cardholder, or everybody, in a zone or all zones. */
  forgive(
    options: { zoneId?: string; cardholderId?: string },
    by: string,
    at = this.now(),
  ): Either.Either<void, InputRejected> {
    if (options.zoneId !== undefined && !this.access.zones.has(options.zoneId))
      return reject("UnknownZone", `unknown zone "${options.zoneId}"`);
    if (options.cardholderId !== undefined && !this.access.index.cardholders.has(options.cardholderId))
      return reject("UnknownCardholder", `unknown cardholder "${options.cardholderId}"`);
    this.options.clock.runDue(at);
    this.publish({
      type: "AntiPassbackForgiven",
      at,
      by,
      ...(options.zoneId !== undefined && { zoneId: options.zoneId }),
      ...(options.cardholderId !== undefined && { cardholderId: options.cardholderId }),
    });
    this.access.forgive(options.zoneId, options.cardholderId);
    return Either.void;
  }

  /** Stops every actor; the site accepts no more inputs. */
  stop(): void {
    this.actions?.stop();
    this.access.stop();
    for (const entry of this.doors.values()) entry.actor.stop();
    this.subject.complete();
    this.seenSubject.complete();
  }
}

const compileSchedules = (site: SiteConfig): ReadonlyMap<string, CompiledSchedule> =>
  new Map(site.schedules.map((def) => [def.id, Either.getOrThrow(compileSchedule(def, site.timeZone))]));

/** Validates a site file: the site (controllers, doors, schedules) and its `policy` (people and rules). */
export const validateSiteFile = (
  input: unknown,
  hasher: PinHasher,
  cardFormats?: CardFormatSupport,
): Either.Either<ValidSiteFile, ConfigError> => {
  const { policy = {}, ...siteInput } =
    typeof input === "object" && input !== null ? (input as Record<string, unknown>) : { site: input };
  const checked = Either.flatMap(validateSite(siteInput), (site) => {
    const issues = cardFormats?.validate(site) ?? [];
    return issues.length === 0 ? Either.right(site) : Either.left(ConfigError.of(issues));
  });
  return Either.flatMap(checked, (site) =>
    Either.map(
      Either.mapLeft(validatePolicy(policy, site, hasher), (e) =>
        ConfigError.of(e.issues.map((i) => ({ ...i, field: `policy.${i.field}` }))),
      ),
      ({ policy, warnings }) => ({ site, policy, warnings }),
    ),
  ).pipe(
    Either.flatMap((file) => {
      const issues = actionRuleIssues(file.site, file.policy);
      return issues.length === 0 ? Either.right(file) : Either.left(ConfigError.of(issues));
    }),
    Either.flatMap((file) => {
      const bits = cardFormats?.cardNumberBits?.(file.site);
      if (bits === undefined) return Either.right(file);
      const issues = file.policy.credentials.flatMap((c, i) =>
        c.kind === "card" ? (cardTooWide(c.number, bits, `policy.credentials[${i}].number`) ?? []) : [],
      );
      return issues.length === 0 ? Either.right(file) : Either.left(ConfigError.of(issues));
    }),
  );
};

/** Validates a site file and starts its site. */
export const createSite = (input: unknown, options: SiteOptions): Either.Either<Site, ConfigError> =>
  Either.map(validateSiteFile(input, options.hasher, options.cardFormats), (file) => new Site(file, options));

const isFault = (state: InputState | undefined): boolean => state === "cut" || state === "short";

/** Whether the door's position sensor reads cut or short. */
const monitorFaulted = (entry: Entry): boolean =>
  isFault(
    entry.kind === "monitoring"
      ? entry.actor.getSnapshot().context.accepted
      : entry.actor.getSnapshot().context.inputs.monitor,
  );

const reject = (code: InputRejected["code"], message: string) =>
  Either.left(new InputRejected({ code, message }));

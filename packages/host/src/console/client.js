// The console's one connection to the host (DESIGN §8): hello, the events/doors/alarms topics, and
// commands. It reconnects by itself and resumes from the next event it needs, so the event list has
// no gap and no duplicate; while it is down, `connection` says so and every command is refused.
import { signal, computed, batch } from "@preact/signals";

/** `signed-out` | `connecting` | `connected` | `disconnected` (signed in, connection lost). */
export const connection = signal("signed-out");
export const signInError = signal("");
export const role = signal(null);
export const doors = signal(new Map());
/** Alarms by the `seq` of the event that raised them. */
export const alarms = signal(new Map());
/** Live events, oldest first, the last {@link MAX_EVENTS}. */
export const events = signal([]);
/** The site file as this role may read it (`config.get`): names, zones, people, time zone. */
export const site = signal(null);
/** On a main: its sub servers (`{id, name, status}`), from the `servers` topic; empty elsewhere. */
export const servers = signal([]);
/** On a main: its subs' doors, by server id, then door id. */
export const remoteDoors = signal(new Map());
/** On a main: its subs' live events (`{server, seq, event}`), oldest first, the last {@link MAX_EVENTS}. */
export const remoteEvents = signal([]);
/** Bumped on every event that may move someone between zones, so views re-read presence. */
export const presenceTick = signal(0);

export const online = computed(() => connection.value === "connected");
export const canAct = computed(() => online.value && (role.value === "operator" || role.value === "admin"));

const MAX_EVENTS = 1_000;
const TOKEN_KEY = "portcullis.token";
const RETRY_MS = [500, 1_000, 2_000, 5_000];

let socket = null;
let token = null;
let retries = 0;
let retryTimer;
/** The last event `seq` received: the next hello resumes from the one after it. */
let lastSeq = 0;
let nextId = 1;
const pending = new Map();

const send = (message) => socket.send(JSON.stringify(message));

/**
 * Sends a command; resolves with its result (`{ok, value?, error?}`). Refused at once, without
 * sending, while disconnected: nothing is queued behind the operator's back.
 */
export const command = (body) =>
  new Promise((resolve) => {
    if (!online.value) {
      resolve({ ok: false, error: { code: "Disconnected", message: "not connected to the host" } });
      return;
    }
    const id = String(nextId++);
    pending.set(id, resolve);
    send({ type: "command", id, command: body });
  });

const addEvents = (list) => {
  const fresh = list.filter((e) => e.seq > lastSeq);
  if (fresh.length === 0) return;
  lastSeq = fresh[fresh.length - 1].seq;
  const all = [...events.value, ...fresh];
  events.value = all.length > MAX_EVENTS ? all.slice(all.length - MAX_EVENTS) : all;
  if (
    fresh.some(
      (e) => e.type === "AccessTaken" || e.type === "AntiPassbackForgiven" || e.type === "ConfigChanged",
    )
  )
    presenceTick.value++;
  const changes = fresh.filter((e) => e.type === "ConfigChanged");
  if (changes.length > 0) reloadSite(changes);
};

/**
 * Where each entity and setting lives in the site file: in its top level (`site`) or under `policy`, its list or
 * key, and the field that identifies an entity. `ConfigChanged` names one of them; anything else (an import or
 * its undo, entity `site`) has the whole file read again.
 */
const ENTITIES = {
  controller: ["site", "controllers", "id"],
  door: ["site", "doors", "id"],
  schedule: ["site", "schedules", "id"],
  actionRule: ["site", "actionRules", "id"],
  cardholder: ["policy", "cardholders", "id"],
  credential: ["policy", "credentials", "id"],
  group: ["policy", "groups", "id"],
  rule: ["policy", "rules", "id"],
  profile: ["policy", "profiles", "id"],
  zone: ["policy", "zones", "id"],
  doorPolicy: ["policy", "doorPolicies", "doorId"],
};
const SETTINGS = {
  pin: ["policy", "pin"],
  facilityCodes: ["policy", "facilityCodes"],
  customFields: ["policy", "customFields"],
  cardFormats: ["site", "cardFormats"],
};
/** More changes than this in one burst read the whole file once rather than each entity. */
const MOST_READS = 100;

let reloading;
/** `ConfigChanged` events not yet applied to {@link site}. */
let unapplied = [];
/** The site file changes one read after another, so an older read never lands after a newer one. */
let applying = Promise.resolve();

/**
 * Follows a configuration change in {@link site}: reads only the entities a burst of `ConfigChanged` names (a
 * cardholder's edit is one cardholder, where the whole file is 35 MB at 100 000 cardholders), or the whole file
 * after an import, an undo or a long burst.
 */
const reloadSite = (changes) => {
  unapplied.push(...changes);
  clearTimeout(reloading);
  reloading = setTimeout(() => {
    const burst = unapplied;
    unapplied = [];
    applying = applying.then(() => applyChanges(burst));
  }, 200);
};

const readWhole = async () => {
  const file = await command({ type: "config.get" });
  if (file.ok) site.value = file.value;
};

const applyChanges = async (changes) => {
  // The last change of each entity is the one that counts.
  const latest = new Map(changes.map((e) => [`${e.entity}\u0000${e.id}`, e]));
  const known = [...latest.values()].every((e) => ENTITIES[e.entity] || SETTINGS[e.entity]);
  if (site.value === null || !known || latest.size > MOST_READS) return readWhole();
  const reads = await Promise.all(
    [...latest.values()].map(async (e) => {
      if (SETTINGS[e.entity]) return { e, read: await command({ type: "config.get", entity: e.entity }) };
      if (e.change === "remove") return { e, read: { ok: true, value: null } };
      return { e, read: await command({ type: "config.get", entity: e.entity, id: e.id }) };
    }),
  );
  if (reads.some(({ read }) => !read.ok)) return readWhole();
  const file = { ...site.value, policy: { ...site.value.policy } };
  for (const { e, read } of reads) {
    if (SETTINGS[e.entity]) {
      const [part, key] = SETTINGS[e.entity];
      (part === "site" ? file : file.policy)[key] = read.value;
      continue;
    }
    const [part, key, idKey] = ENTITIES[e.entity];
    const holder = part === "site" ? file : file.policy;
    const list = [...(holder[key] ?? [])];
    const at = list.findIndex((item) => item[idKey] === e.id);
    // An entity changed keeps its place in its list; a new one goes last, as the host lists it.
    if (read.value === null) {
      if (at >= 0) list.splice(at, 1);
    } else if (at >= 0) list[at] = read.value;
    else list.push(read.value);
    holder[key] = list;
  }
  site.value = file;
};

/** Door snapshots not yet shown, by id; flushed together (see {@link DOOR_FLUSH_MS}). */
let doorBatch = new Map();
let doorFlush;
/**
 * How long door snapshots gather before the doors are shown: a subscription brings one snapshot
 * per door, and copying the map for each of 10 000 doors froze the page for minutes.
 */
const DOOR_FLUSH_MS = 50;

const doorSnapshot = (door) => {
  if (doorBatch.size === 0) doorFlush = setTimeout(flushDoors, DOOR_FLUSH_MS);
  doorBatch.set(door.id, door);
};

const flushDoors = () => {
  const next = new Map(doors.value);
  for (const [id, door] of doorBatch) next.set(id, door);
  doorBatch = new Map();
  doors.value = next;
};

const welcomed = async (message) => {
  const first = lastSeq === 0;
  batch(() => {
    role.value = message.role;
    connection.value = "connected";
    signInError.value = "";
  });
  retries = 0;
  // A first connection shows the recent past from the journal, then follows from the head on.
  if (first) lastSeq = message.seq;
  send({ type: "subscribe", topics: ["events", "doors", "alarms", "servers"] });
  const [file, recent] = await Promise.all([
    command({ type: "config.get" }),
    first ? command({ type: "journal.query", limit: 200 }) : Promise.resolve(undefined),
  ]);
  if (file.ok) site.value = file.value;
  if (recent?.ok) events.value = [...recent.value.events].reverse().concat(events.value);
};

const received = (message) => {
  switch (message.type) {
    case "welcome":
      return void welcomed(message);
    case "event":
      return addEvents([message.event]);
    case "door":
      return doorSnapshot(message.door);
    case "servers": {
      // A removed sub's doors go with it.
      const ids = new Set(message.servers.map((s) => s.id));
      batch(() => {
        servers.value = message.servers;
        remoteDoors.value = new Map([...remoteDoors.value].filter(([id]) => ids.has(id)));
      });
      return;
    }
    case "remoteDoor": {
      const next = new Map(remoteDoors.value);
      next.set(message.server.id, new Map(next.get(message.server.id)).set(message.door.id, message.door));
      remoteDoors.value = next;
      return;
    }
    case "remoteEvent": {
      const all = [...remoteEvents.value, message];
      remoteEvents.value = all.length > MAX_EVENTS ? all.slice(all.length - MAX_EVENTS) : all;
      return;
    }
    case "alarms":
      alarms.value = new Map(message.alarms.map((a) => [a.seq, a]));
      return;
    case "alarm": {
      const next = new Map(alarms.value);
      next.set(message.alarm.seq, message.alarm);
      alarms.value = next;
      return;
    }
    case "result": {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      return resolve?.(message);
    }
    case "error":
      if (connection.value === "connected") return;
      if (message.error.code === "ResumeGap") {
        // The journal no longer holds what was missed: start again from its head, and say so.
        lastSeq = 0;
        events.value = [{ type: "ConsoleGap", seq: 0, at: Date.now() }];
        return send({ type: "hello", token });
      }
      signInError.value = message.error.message;
      return signOut();
  }
};

const open = () => {
  clearTimeout(retryTimer);
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  socket = ws;
  if (connection.value === "signed-out") connection.value = "connecting";
  ws.addEventListener("open", () =>
    send({ type: "hello", token, ...(lastSeq > 0 && { resumeFrom: lastSeq + 1 }) }),
  );
  ws.addEventListener("message", (m) => {
    if (ws === socket) received(JSON.parse(m.data));
  });
  ws.addEventListener("close", () => {
    if (ws !== socket) return;
    for (const resolve of pending.values())
      resolve({ ok: false, error: { code: "Disconnected", message: "the connection was lost" } });
    pending.clear();
    if (token === null) return;
    connection.value = role.value === null ? "connecting" : "disconnected";
    retryTimer = setTimeout(open, RETRY_MS[Math.min(retries++, RETRY_MS.length - 1)]);
  });
};

/**
 * A cardholder's photo (`GET /api/cardholders/{id}/photo`, the token as a bearer, which an `<img>`
 * cannot send): `{url}` of an object URL to show and revoke, or `{error}` with the host's reason.
 */
export const fetchPhoto = async (cardholderId) => {
  try {
    const answer = await fetch(`/api/cardholders/${encodeURIComponent(cardholderId)}/photo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return answer.ok ? { url: URL.createObjectURL(await answer.blob()) } : { error: await answer.text() };
  } catch (e) {
    return { error: `the host did not answer (${e.message})` };
  }
};

/** Signs in with a token, kept for this tab so a reload stays signed in. */
export const signIn = (secret) => {
  token = secret;
  sessionStorage.setItem(TOKEN_KEY, secret);
  open();
};

export const signOut = () => {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(retryTimer);
  const ws = socket;
  socket = null;
  ws?.close();
  lastSeq = 0;
  clearTimeout(doorFlush);
  doorBatch = new Map();
  batch(() => {
    connection.value = "signed-out";
    role.value = null;
    doors.value = new Map();
    alarms.value = new Map();
    events.value = [];
    site.value = null;
    servers.value = [];
    remoteDoors.value = new Map();
    remoteEvents.value = [];
  });
};

/** Signs in again with the token of this tab, if any. */
export const resume = () => {
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved !== null) signIn(saved);
};

// The operator console: signs in over the WebSocket feed (DESIGN §8), shows door tiles and events live,
// offers manual actions to operators and admins, and lets them acknowledge alarms.

import { ALARM_TYPES } from "./alarm-types.js";

const ACTIONS = ["reset", "grant", "unlock", "lock", "lockdown"];
// Served by the host from the same list it checks acknowledgements against.
const ALARMS = new Set(ALARM_TYPES);
const CATEGORIES = {
  access: (t) =>
    t.startsWith("Access") || t.startsWith("TwoPerson") || t === "Duress" || t === "DoubleSwipeToggled",
  alarms: (t) => ALARMS.has(t) || t === "DoorAlarmCleared" || t === "AlarmAcknowledged",
  doors: (t) =>
    t.startsWith("Door") ||
    t === "LockChanged" ||
    t === "RexActivated" ||
    t.startsWith("Controller") ||
    t.startsWith("Reader"),
  config: (t) => t === "ConfigChanged" || t === "ManualAction" || t === "AntiPassbackForgiven",
};
const MAX_EVENTS = 500;

const $ = (id) => document.getElementById(id);
const state = {
  socket: null,
  role: null,
  doors: new Map(),
  events: [],
  alarms: new Map(),
  nextId: 1,
  pending: new Map(),
};

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
};

const canAct = () => state.role === "operator" || state.role === "admin";

const command = (body) =>
  new Promise((resolve) => {
    const id = String(state.nextId++);
    state.pending.set(id, resolve);
    state.socket.send(JSON.stringify({ type: "command", id, command: body }));
  });

const renderDoor = (door) => {
  const facts = [
    ["mode", door.mode ?? "—"],
    ["locks", door.locks.length === 0 ? "none" : door.locks.map((l) => l.state).join(", ")],
    ["position", door.position],
    ["alarm", door.alarm],
    ["status", door.status],
  ];
  const tile = el(
    "article",
    {
      class: "tile",
      "data-testid": `door-${door.id}`,
      "data-mode": door.mode ?? "",
      "data-alarm": door.alarm,
    },
    el("h3", {}, door.name),
    el(
      "dl",
      {},
      ...facts.flatMap(([k, v]) => [
        el("dt", {}, k),
        el("dd", { "data-testid": `door-${door.id}-${k}` }, String(v)),
      ]),
    ),
  );
  if (canAct() && door.kind === "standard") {
    const buttons = ACTIONS.map((action) =>
      el(
        "button",
        {
          type: "button",
          "data-testid": `door-${door.id}-${action}`,
          onclick: async () => {
            const result = await command({ type: `door.${action}`, doorId: door.id });
            if (!result.ok) alert(`${action}: ${result.error.message}`);
          },
        },
        action[0].toUpperCase() + action.slice(1),
      ),
    );
    tile.append(el("div", { class: "actions" }, ...buttons));
  }
  return tile;
};

const renderDoors = () => {
  const ids = [...state.doors.keys()].sort();
  $("doors").replaceChildren(...ids.map((id) => renderDoor(state.doors.get(id))));
};

const describe = (event) => {
  const { type, at, seq, ...rest } = event;
  return `${new Date(at).toLocaleTimeString()} #${seq} ${type} ${JSON.stringify(rest)}`;
};

const renderEvents = () => {
  const category = $("filter").value;
  const door = $("door-filter").value.trim();
  const shown = state.events.filter(
    (e) => (category === "all" || CATEGORIES[category](e.type)) && (door === "" || e.doorId === door),
  );
  $("events").replaceChildren(
    ...shown
      .slice(-200)
      .reverse()
      .map((e) => el("li", { "data-type": e.type }, describe(e))),
  );
};

const renderAlarms = () => {
  const items = [...state.alarms.values()].reverse().map((a) => {
    const li = el(
      "li",
      { class: a.acknowledged ? "acknowledged" : "", "data-testid": `alarm-${a.event.seq}` },
      describe(a.event),
    );
    if (!a.acknowledged && canAct())
      li.append(
        " ",
        el(
          "button",
          {
            type: "button",
            "data-testid": `alarm-${a.event.seq}-ack`,
            onclick: () => command({ type: "alarm.acknowledge", seq: a.event.seq }),
          },
          "Acknowledge",
        ),
      );
    return li;
  });
  $("alarms").replaceChildren(...items);
};

const onEvent = (event) => {
  state.events.push(event);
  if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
  if (ALARMS.has(event.type)) state.alarms.set(event.seq, { event, acknowledged: false });
  if (event.type === "AlarmAcknowledged") {
    const alarm = state.alarms.get(event.alarmSeq);
    if (alarm) alarm.acknowledged = true;
    renderAlarms();
  } else if (ALARMS.has(event.type)) renderAlarms();
  renderEvents();
};

const signIn = (token) => {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  const socket = new WebSocket(url);
  state.socket = socket;
  $("status").textContent = "connecting";
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "hello", token })));
  socket.addEventListener("close", () => {
    $("status").textContent = "disconnected";
  });
  socket.addEventListener("message", (m) => {
    const msg = JSON.parse(m.data);
    switch (msg.type) {
      case "welcome":
        state.role = msg.role;
        $("role").textContent = msg.role;
        $("status").textContent = "connected";
        $("signin").hidden = true;
        $("app").hidden = false;
        socket.send(JSON.stringify({ type: "subscribe", topics: ["events", "doors"] }));
        return;
      case "door":
        state.doors.set(msg.door.id, msg.door);
        return renderDoors();
      case "event":
        return onEvent(msg.event);
      case "result": {
        const resolve = state.pending.get(msg.id);
        state.pending.delete(msg.id);
        return resolve?.(msg);
      }
      case "error":
        if (state.role === null) {
          $("signin-error").textContent = msg.error.message;
          $("status").textContent = "signed out";
        }
        return;
    }
  });
};

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  signIn($("token").value);
});
$("filter").addEventListener("change", renderEvents);
$("door-filter").addEventListener("input", renderEvents);

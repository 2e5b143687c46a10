// Servers (issue 14, on a main): its sub servers Connected or Disconnected, the doors of every
// server grouped by server and live, door commands run on the server that owns the door
// (`multi.command`), and one event search over every server with a server column (`multi.events`).
import { computed, useSignal } from "@preact/signals";
import { command, doors, remoteDoors, remoteEvents, servers, site } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";
import { CATEGORIES, categoryOf, sentence, TYPES_OF } from "../words.js";
import { DoorActions, whyOf } from "./doors.js";

const PAGE = 100;
const LIVE = 50;

/** A test id part for a server's name: "Branch office" → "Branch-office". */
const slug = (name) => name.replace(/[^A-Za-z0-9_-]+/g, "-");

/**
 * Names as the events of `serverId` read: a sub's doors by their names there, its readers and zones
 * by id (the main does not hold its site file), people known here (its globals) by theirs.
 */
const namesOf = (n, serverId) => {
  if (serverId === undefined) return n;
  const own = remoteDoors.value.get(serverId);
  return { ...n, door: (id) => own?.get(id)?.name ?? id, reader: (id) => id, zone: (id) => id };
};

const RemoteDoor = ({ server, door }) => {
  const id = `${slug(server)}-${door.id}`;
  const facts = [
    ["position", door.position],
    ["mode", door.mode],
    ["status", door.status],
    ["why", whyOf(door)],
  ];
  return html`<article
    class=${`tile door mode-${door.mode} ${door.alarm !== "Normal" ? "in-alarm" : ""} ${door.status !== "online" ? "faulty" : ""}`}
    data-testid=${`server-door-${id}`}
  >
    <h3>${door.name}</h3>
    <dl>
      ${facts.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd data-testid=${`server-door-${id}-${k}`}>${v}</dd>`,
      )}
    </dl>
    <${DoorActions}
      door=${door}
      testid=${`server-door-${id}`}
      lockdownQuestion=${`Lock down ${door.name} on ${server}?`}
      command=${(action) => ({ type: "multi.command", server, command: { type: `door.${action}`, doorId: door.id } })}
    />
  </article>`;
};

const ServerGroup = ({ name, status, list }) =>
  html`<section class="server-group" aria-label=${`server ${name}`} data-testid=${`server-${slug(name)}`}>
    <h2>
      ${name}
      ${status && html` <span class=${`server-status ${status}`} data-testid=${`server-${slug(name)}-status`}>${status}</span>`}
    </h2>
    <div class="tiles">
      ${[...list].sort((a, b) => a.name.localeCompare(b.name)).map((d) => html`<${RemoteDoor} key=${d.id} server=${name} door=${d} />`)}
    </div>
  </section>`;

const EventLine = ({ item, n, testid }) => {
  const { server, event } = item;
  return html`<li
    class=${`event server-event cat-${categoryOf(event.type)}`}
    data-type=${event.type}
    data-testid=${testid}
  >
    <time>${n.time(event.at)}</time>
    <strong data-testid="event-server">${server.name}</strong>
    <span class="sentence" data-testid="event-sentence">${sentence(namesOf(n, server.id), event)}</span>
  </li>`;
};

/** One search over every server: the events with their server, newest first. */
const Search = () => {
  const category = useSignal("");
  const rows = useSignal([]);
  const unreachable = useSignal([]);
  const error = useSignal("");
  const busy = useSignal(false);
  const search = async () => {
    busy.value = true;
    const result = await command({
      type: "multi.events",
      limit: PAGE,
      ...(category.value && { types: TYPES_OF[category.value] }),
    });
    busy.value = false;
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    error.value = "";
    const ids = new Map(servers.value.map((s) => [s.name, s.id]));
    rows.value = result.value.events.map((e) => ({
      server: { name: e.server, id: ids.get(e.server) },
      event: e,
    }));
    unreachable.value = result.value.unreachable;
  };
  const n = names.value;
  return html`<section aria-label="events of every server">
    <h2>Events of every server</h2>
    <form
      class="filters"
      onSubmit=${(e) => {
        e.preventDefault();
        search();
      }}
    >
      <label
        >Kind
        <select
          data-testid="servers-category"
          value=${category.value}
          onChange=${(e) => (category.value = e.currentTarget.value)}
        >
          <option value="">All</option>
          ${Object.entries(CATEGORIES).map(([k, label]) => html`<option value=${k}>${label}</option>`)}
        </select></label
      >
      <button type="submit" data-testid="servers-search" disabled=${busy.value}>Search</button>
    </form>
    ${error.value && html`<p class="refusal" role="alert" data-testid="servers-search-error">${error.value}</p>`}
    ${unreachable.value.length > 0 && html`<p class="refusal" data-testid="servers-unreachable">Not answering: ${unreachable.value.join(", ")}</p>`}
    <ol class="events" data-testid="servers-events">
      ${rows.value.map((r) => html`<${EventLine} key=${`${r.server.name}-${r.event.seq}`} item=${r} n=${n} testid="servers-event" />`)}
    </ol>
  </section>`;
};

export const Servers = () => {
  const live = computed(() => remoteEvents.value.slice(-LIVE).reverse());
  if (servers.value.length === 0)
    return html`<section aria-label="servers">
      <p class="quiet" data-testid="servers-none">
        This server has no sub servers: pair one to see its doors and events here.
      </p>
    </section>`;
  const n = names.value;
  return html`<section aria-label="servers">
    <${ServerGroup} name=${site.value?.name ?? "This server"} list=${doors.value.values()} />
    ${servers.value.map(
      (s) =>
        html`<${ServerGroup}
          key=${s.id}
          name=${s.name}
          status=${s.status}
          list=${(remoteDoors.value.get(s.id) ?? new Map()).values()}
        />`,
    )}
    <${Search} />
    <h2>Live events of the sub servers</h2>
    <ol class="events" data-testid="servers-live">
      ${live.value.map((r) => html`<${EventLine} key=${`${r.server.id}-${r.seq}`} item=${r} n=${n} testid="servers-live-event" />`)}
    </ol>
  </section>`;
};

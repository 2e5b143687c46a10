// The operator console (issue 13): alarms always first, then doors, zones, live events, history and
// mustering, over one WebSocket connection. Preact + signals + htm, served by the host; no build step.
import { render } from "preact";
import { signal } from "@preact/signals";
import { connection, online, resume, role, signOut } from "./client.js";
import { html } from "./html.js";
import { names } from "./names.js";
import { Admin } from "./views/admin.js";
import { Alarms, unacknowledged } from "./views/alarms.js";
import { Doors } from "./views/doors.js";
import { Events } from "./views/events.js";
import { History } from "./views/history.js";
import { Muster } from "./views/muster.js";
import { Servers } from "./views/servers.js";
import { SignIn } from "./views/signIn.js";
import { Zones } from "./views/zones.js";

const VIEWS = {
  doors: ["Doors", Doors],
  zones: ["Zones", Zones],
  events: ["Events", Events],
  history: ["History", History],
  muster: ["Mustering", Muster],
  servers: ["Servers", Servers],
  admin: ["Administration", Admin],
};

const fromHash = () => {
  const name = location.hash.slice(1);
  return Object.hasOwn(VIEWS, name) ? name : "doors";
};
const view = signal(fromHash());
addEventListener("hashchange", () => (view.value = fromHash()));

const Banner = () =>
  connection.value === "disconnected" &&
  html`<div class="offline-banner" role="alert" data-testid="offline-banner">
    Connection to the host lost — reconnecting. What you see is not live, and commands are disabled.
  </div>`;

const Header = () =>
  html`<header>
    <h1>Portcullis</h1>
    <span class=${`connection ${connection.value}`} data-testid="connection"
      >${online.value ? "live" : connection.value}</span
    >
    ${role.value && html`<span data-testid="role">${role.value}</span>`}
    ${names.value.timeZone && html`<span class="quiet">${names.value.timeZone}</span>`}
    ${connection.value !== "signed-out" && html`<button type="button" class="link" data-testid="signout" onClick=${signOut}>Sign out</button>`}
  </header>`;

const Nav = () =>
  html`<nav>
    ${Object.entries(VIEWS)
      .filter(([key]) => key !== "admin" || role.value === "admin")
      .map(
        ([key, [label]]) =>
          html`<a href=${`#${key}`} class=${view.value === key ? "current" : ""} data-testid=${`nav-${key}`}
            >${label}</a
          >`,
      )}
  </nav>`;

const App = () => {
  if (connection.value === "signed-out" || (connection.value === "connecting" && role.value === null))
    return html`<${Header} />
      <main class="signin-page"><${SignIn} /></main>`;
  const [, View] = VIEWS[view.value];
  const duress = unacknowledged.value.some((a) => a.kind === "duress");
  return html`<div
    class=${`app ${online.value ? "" : "offline"} ${duress ? "duress" : ""}`}
    data-testid="app"
  >
    <${Header} />
    <${Banner} />
    <div class="layout">
      <aside class="alarm-panel"><${Alarms} /></aside>
      <main>
        <${Nav} />
        <fieldset class="live" disabled=${!online.value}><${View} /></fieldset>
      </main>
    </div>
  </div>`;
};

render(html`<${App} />`, document.getElementById("root"));
resume();

/**
 * A factory-fresh OSDP I/O module configured with `secureChannel`, on the reader's RS-485 line (a socat PTY pair)
 * under the whole running host: it knows only SCBK-D, so its Secure Channel fails and its doors stay
 * controller-offline until an admin puts it in install mode over the WebSocket (`io.installMode`); then it is given
 * its derived key by KEYSET, comes online under it, and its door reads Closed and Locked. Real serial in real time.
 */
import { deriveScbk, nodeCrypto } from "@portcullis/protocols";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connect, type Received, type TestClient } from "../feed/client";
import { MAIN_KEY, type OsdpIoSite, startOsdpIoSite } from "./osdpIoSite";

const ADMIN = "admin-secret-for-the-osdp-io-install-mode-test";
const poll = { timeout: 30_000, interval: 20 };

let h: OsdpIoSite;
let admin: TestClient;

beforeAll(async () => {
  h = await startOsdpIoSite({
    name: "osdp-io-install",
    moduleSecureChannel: true,
    module: { secureChannel: true, scbk: null, installMode: true },
    adminToken: ADMIN,
  });
  admin = await connect(h.url);
  await admin.hello(ADMIN);
  admin.send({ type: "subscribe", topics: ["events"] });
}, 60_000);

afterAll(async () => {
  admin?.close();
  await h?.stop();
});

/** The journalled events about the module's PD (`io:c1`), as `type state|active`. */
const moduleEvents = (): string[] =>
  admin.received.flatMap((m: Received) => {
    const event = m["event"] as Record<string, unknown> | undefined;
    if (m.type !== "event" || event?.["readerId"] !== "io:c1") return [];
    return [`${String(event["type"])} ${String(event["state"] ?? event["active"])}`];
  });

it("a fresh module under Secure Channel stays offline until an admin's io.installMode gives it its derived key", async () => {
  const site = () => h.running.host.site;
  await expect.poll(moduleEvents, poll).toContain("SecureChannel failed");
  expect(site().door("front")).toMatchObject({ status: "controller-offline", position: "Unknown" });
  expect(h.module.scbk()).toBeNull();

  expect(await admin.command({ type: "io.installMode", controllerId: "c1", durationS: 60 })).toMatchObject({
    ok: true,
  });
  await expect.poll(() => site().door("front")?.position, poll).toBe("Closed");
  expect(site().door("front")).toMatchObject({ mode: "Locked" });
  const key = deriveScbk(nodeCrypto, Uint8Array.from(Buffer.from(MAIN_KEY, "hex")), "io:c1");
  expect(h.module.scbk()).toEqual(key);
  expect(h.module.secureChannelActive()).toBe(true);
  await expect
    .poll(moduleEvents, poll)
    .toEqual(["SecureChannel failed", "InstallMode true", "InstallMode false", "SecureChannel active"]);
  expect(h.warnings.join("\n")).not.toMatch(/not confirmed/);
}, 90_000);

it("refuses install mode for a controller it does not know, or for longer than the device layer allows", async () => {
  expect(await admin.command({ type: "io.installMode", controllerId: "c9", durationS: 60 })).toMatchObject({
    ok: false,
    error: { code: "UnknownController" },
  });
  expect(await admin.command({ type: "io.installMode", controllerId: "c1", durationS: 0 })).toMatchObject({
    ok: false,
    error: { code: "BadCommand" },
  });
});

/** No client input ends the server (issue 10 §1): deep, wide and odd JSON in every field of every message. */
import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { COMMANDS, MAX_NESTING } from "../../src/feed";
import type { TestClient } from "./client";
import { useHarness } from "./useHarness";

const { h, open, as } = useHarness({ rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } });

/** JSON text of an array or object nested `depth` levels around `inner`. */
const nested = (depth: number, object: boolean, inner = '"x"'): string =>
  object
    ? `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`
    : `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

// Built as text: a value this deep cannot even be stringified by JSON.stringify. Each value stays
// under 30 KB, so a message with two stays under the 64 KiB frame limit (which closes by design).
const deepValue = fc.oneof(
  fc.integer({ min: MAX_NESTING - 2, max: 14_000 }).map((d) => nested(d, false)),
  fc.integer({ min: MAX_NESTING - 2, max: 4_500 }).map((d) => nested(d, true)),
  fc.integer({ min: 1, max: 2_000 }).map((d) => nested(d, d % 2 === 0, nested(d, d % 3 === 0))),
);
const oddValue = fc.constantFrom(
  "null",
  "true",
  "-0",
  "1e308",
  "-1e-308",
  "9007199254740993",
  '"\\u0000"',
  '"__proto__"',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{}}}',
  "[]",
  "{}",
  '""',
  '"lobby"',
  `"${"x".repeat(28_000)}"`,
);
const wideValue = fc
  .integer({ min: 1, max: 5_000 })
  .map((n) => `[${new Array<string>(n).fill("{}").join(",")}]`);
const value = fc.oneof(fc.json({ maxDepth: 5 }), deepValue, oddValue, wideValue);

const FIELDS = ["doorId", "zoneId", "cardholderId", "readerId", "seq", "durationS", "entity", "value", "id"];
const FIELDS_MORE = ["role", "name", "expiresAt", "number", "bits", "keys", "open", "side"];
const commandTypes = [...COMMANDS.keys()];

/** A message with a random value `v` in one of its fields, as text. */
const message = fc.oneof(
  value,
  value.map((v) => `{"type":${v}}`),
  value.map((v) => `{"type":"hello","token":${v}}`),
  value.map((v) => `{"type":"hello","token":"t","resumeFrom":${v}}`),
  value.map((v) => `{"type":"subscribe","topics":${v}}`),
  value.map((v) => `{"type":"command","id":${v},"command":{"type":"door.pinChart","doorId":"lobby"}}`),
  value.map((v) => `{"type":"command","id":"x","command":${v}}`),
  value.map((v) => `{"type":"command","id":"x","command":{"type":${v}}}`),
  fc
    .tuple(fc.constantFrom(...commandTypes), fc.constantFrom(...FIELDS, ...FIELDS_MORE), value)
    .map(([type, field, v]) => `{"type":"command","id":"x","command":{"type":"${type}","${field}":${v}}}`),
  fc
    .tuple(fc.constantFrom(...commandTypes), value, value)
    .map(
      ([type, v, w]) => `{"type":"command","id":"x","command":{"type":"${type}","doorId":${v},"value":${w}}}`,
    ),
);

let probes = 0;
/** Resolves once `client` has answered a fresh probe: the connection and its session still work. */
const answers = async (client: TestClient, welcomed: boolean): Promise<void> => {
  const id = `probe${++probes}`;
  client.send({ type: "command", id, command: { type: "door.pinChart", doorId: "lobby" } });
  expect(await client.next((m) => m.type === "result" && m["id"] === id)).toMatchObject(
    welcomed ? { ok: true } : { ok: false, error: { code: "Unauthorized" } },
  );
};

describe("hostile input", () => {
  it("a hello whose token is an array nested 5 000 deep is refused BadMessage; the server stays up", async () => {
    const client = await open();
    client.ws.send(`{"type":"hello","token":${nested(5_000, false)}}`);
    expect(await client.next((m) => m.type === "error")).toMatchObject({
      error: { code: "BadMessage", message: expect.stringContaining(`${MAX_NESTING} levels`) },
    });
    expect(await client.hello(h().secrets.viewer)).toMatchObject({ type: "welcome" });
  });

  it("deep nesting inside a command's fields is that command's BadCommand result", async () => {
    const admin = await as("admin");
    admin.ws.send(
      `{"type":"command","id":"deep","command":{"type":"config.put","entity":"cardholder","value":${nested(3_000, true)}}}`,
    );
    expect(await admin.next((m) => m.type === "result" && m["id"] === "deep")).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
    // A legitimate nesting passes.
    const doors = (await admin.command({ type: "config.get", entity: "door" }))["value"] as unknown[];
    expect(await admin.command({ type: "config.put", entity: "door", value: doors[0] })).toMatchObject({
      ok: true,
    });
  });

  it("random JSON in every field of every message type never closes the server or a connection", async () => {
    const admin = await as("admin");
    const stranger = await open();
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        admin.ws.send(text);
        stranger.ws.send(text);
        await answers(admin, true);
        await answers(stranger, false);
      }),
      { numRuns: 300 },
    );
    expect(admin.ws.readyState).toBe(admin.ws.OPEN);
    const late = await as("viewer");
    await answers(late, true);
  }, 120_000);
});

/** A change that would stop credentials working wholesale is refused with the count, unless `force: true`. */
import { describe, expect, it } from "vitest";
import { useConfigHarness } from "./configHarness";

const { start } = useConfigHarness();

describe("changes that would deny valid credentials", () => {
  it("refuse a PIN maximum below existing PINs, counting them; force makes the change", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const policy = h.host.site.policy;
    // Alice's PIN has 6 digits.
    expect(
      await admin.command({ type: "config.patch", entity: "pin", fields: { maxLength: 4 } }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "WouldDenyCredentials",
        message: "this change leaves 1 PIN no keypad would accept; give force: true to make it anyway",
      },
    });
    expect(h.host.site.policy).toBe(policy);
    expect(await h.configChanges()).toEqual([]);
    expect(
      await admin.command({
        type: "config.set",
        entity: "pin",
        value: { minLength: 4, maxLength: 4 },
        force: true,
      }),
    ).toMatchObject({
      ok: true,
      value: { changed: [{ entity: "pin", fields: { maxLength: { before: 6, after: 4 } } }] },
    });
    expect(h.host.site.policy.pin.maxLength).toBe(4);
  });

  it("refuse a reader's custom PIN length that leaves PINs no keypad accepts only when no other length takes them", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const lobby = h.host.site.config.doors.find((d) => d.id === "lobby")!;
    const sides = JSON.parse(JSON.stringify(lobby.type === "monitoring" ? {} : lobby.sides));
    sides.A.readers[0].pin = { minLength: 4, maxLength: 4 };
    // The site's 4 to 6 digits still take Alice's PIN at other keypads: nothing is denied wholesale.
    expect(
      await admin.command({ type: "config.patch", entity: "door", id: "lobby", fields: { sides } }),
    ).toMatchObject({
      ok: true,
    });
  });

  it("refuse deactivating the card format cards depend on, counting the cards", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const card26 = {
      id: "alice-26",
      cardholderId: "alice",
      name: "Fob",
      kind: "card",
      number: "4242",
      bitLength: 26,
    };
    expect(await admin.command({ type: "config.put", entity: "credential", value: card26 })).toMatchObject({
      ok: true,
    });
    const off = { type: "config.set", entity: "cardFormats", value: [{ name: "H10301", active: false }] };
    expect(await admin.command(off)).toMatchObject({
      ok: false,
      error: {
        code: "WouldDenyCredentials",
        message: "this change leaves 1 card no reader would read; give force: true to make it anyway",
      },
    });
    expect(await admin.command({ ...off, force: true })).toMatchObject({ ok: true });
  });
});

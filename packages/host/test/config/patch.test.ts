/** `config.patch` changes the named fields only, is stored entity by entity, and survives a restart. */
import { describe, expect, it } from "vitest";
import { useConfigHarness } from "./configHarness";

const { start } = useConfigHarness();

describe("config.patch", () => {
  it("changes the named fields of a door and keeps the rest, answering what changed", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const lobbyBefore = h.host.site.config.doors.find((d) => d.id === "lobby")!;
    const reply = await admin.command({
      type: "config.patch",
      entity: "door",
      id: "lobby",
      fields: { name: "Main lobby", unlockSchedule: "office" },
    });
    expect(reply).toMatchObject({
      ok: true,
      value: {
        warnings: [],
        changed: [
          {
            entity: "door",
            id: "lobby",
            change: "patch",
            fields: {
              name: { before: "Lobby", after: "Main lobby" },
              unlockSchedule: { after: "office" },
            },
          },
        ],
      },
    });
    const lobby = h.host.site.config.doors.find((d) => d.id === "lobby")!;
    expect(lobby).toEqual({ ...lobbyBefore, name: "Main lobby", unlockSchedule: "office" });

    // `null` removes an optional field.
    expect(
      await admin.command({
        type: "config.patch",
        entity: "door",
        id: "lobby",
        fields: { unlockSchedule: null },
      }),
    ).toMatchObject({ ok: true, value: { changed: [{ fields: { unlockSchedule: { before: "office" } } }] } });

    await h.stop();
    const again = await start();
    expect(again.host.site.config.doors.find((d) => d.id === "lobby")).toEqual({
      ...lobbyBefore,
      name: "Main lobby",
    });
  });

  it("changes a cardholder's field and the PIN settings without repeating the rest", async () => {
    const h = await start();
    const admin = await h.as("admin");
    expect(
      await admin.command({
        type: "config.patch",
        entity: "cardholder",
        id: "bob",
        fields: { suspended: false },
      }),
    ).toMatchObject({
      ok: true,
      value: { changed: [{ fields: { suspended: { before: true, after: false } } }] },
    });
    expect(h.host.site.policy.cardholders.find((c) => c.id === "bob")).toMatchObject({
      firstName: "Bob",
      suspended: false,
    });
    expect(
      await admin.command({ type: "config.patch", entity: "pin", fields: { maxLength: 8 } }),
    ).toMatchObject({
      ok: true,
      value: { changed: [{ entity: "pin", fields: { maxLength: { before: 6, after: 8 } } }] },
    });
    expect(h.host.site.policy.pin).toMatchObject({ minLength: 4, maxLength: 8, endCharacter: "#" });
  });

  it("refuses an unknown entity, a changed id and an invalid value, changing nothing", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const config = h.host.site.config;
    expect(
      await admin.command({ type: "config.patch", entity: "door", id: "ghost", fields: { name: "x" } }),
    ).toMatchObject({ ok: false, error: { code: "ConfigError", message: 'id: unknown door "ghost"' } });
    expect(
      await admin.command({ type: "config.patch", entity: "door", id: "lobby", fields: { id: "hall" } }),
    ).toMatchObject({
      ok: false,
      error: { code: "ConfigError", message: expect.stringContaining("cannot change the id") },
    });
    const bad = await admin.command({
      type: "config.patch",
      entity: "door",
      id: "lobby",
      fields: { primaryLock: "r9" },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: "ConfigError" } });
    expect((bad["error"] as { message: string }).message).toContain("primaryLock");
    expect(h.host.site.config).toBe(config);
    expect(await h.configChanges()).toEqual([]);
  });
});

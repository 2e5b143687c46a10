/** The README's examples: the lobby door and the scripted door day run and tell their story. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("the door-day example prints a day of events", () => {
  const example = fileURLToPath(new URL("../examples/doorDay.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--import", "tsx", example], { encoding: "utf8" });
  for (const type of ["AccessTaken", "AccessNotTaken", "DoorOpenTooLong", "DoorForcedOpen", "ManualAction"])
    expect(out).toContain(type);
  expect(out).toMatch(/08:00:00\.000 +#\d+ +LockChanged +\{"lock":"c1:r1","state":"unlocked"\}/);
});

it("the README's example is examples/lobbyDoor.ts, and it runs to AccessNotTaken", () => {
  const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
  const example = fileURLToPath(new URL("../examples/lobbyDoor.ts", import.meta.url));
  const block = /## Example\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(readFileSync(example, "utf8"));
  const out = execFileSync(process.execPath, ["--import", "tsx", example], { encoding: "utf8" });
  expect(out.split("\n")).toEqual(
    expect.arrayContaining(["c1:r1 unlocked", "3 AccessNotTaken", "c1:r1 locked"]),
  );
});

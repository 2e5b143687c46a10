/** The README's main job: the scripted door day runs and tells its story. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("the door-day example prints a day of events", () => {
  const example = fileURLToPath(new URL("../examples/doorDay.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--import", "tsx", example], { encoding: "utf8" });
  for (const type of ["AccessTaken", "AccessNotTaken", "DoorOpenTooLong", "DoorForcedOpen", "ManualAction"])
    expect(out).toContain(type);
  expect(out).toMatch(/08:00:00\.000 +#\d+ +LockChanged +\{"lock":"c1:r1","state":"unlocked"\}/);
});

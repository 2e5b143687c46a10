/** The bench scenarios run and name their results as DESIGN §8 says. */
import { expect, it } from "vitest";
import { doorBench, doorFloorBench } from "../src/door";
import { timing } from "../src/measure";

it("door scenarios report create, heap and input figures per door count", () => {
  timing.measureMs = 20;
  timing.warmupMs = 5;
  const names = [...doorFloorBench(), ...doorBench([10])].map((r) => r.name);
  expect(names).toEqual([
    "floor.actor_timed_transitions_per_s",
    "door.create_ms@10doors",
    "door.heap_bytes_per_door@10doors",
    "door.inputs_per_s@10doors",
  ]);
  for (const name of names) expect(name).toMatch(/^[a-z]+\.[a-z_]+(@\d+[a-z]+)?$/);
});

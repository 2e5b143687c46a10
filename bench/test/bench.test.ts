/** The bench scenarios run and name their results as DESIGN §8 says. */
import { expect, it } from "vitest";
import { csvBench } from "../src/csv";
import { cardToRelayBench } from "../src/cardToRelay";
import { doorBench, doorFloorBench } from "../src/door";
import { relayToOutputBench } from "../src/relayToOutput";
import { multiInitialSyncBench, multiPropagationBench } from "../src/multi";
import { timing } from "../src/measure";
import { siteBench } from "../src/site";
import { swipeFloorBench } from "../src/swipeFloor";

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

it("swipe scenarios report the floor, the decision, throughput, service time and heap", () => {
  timing.measureMs = 20;
  timing.warmupMs = 5;
  const results = [...swipeFloorBench(4), ...siteBench({ doors: 4, cardholders: 40 })];
  expect(results.map((r) => r.name)).toEqual([
    "floor.actor_swipes_per_s@4doors",
    "site.validate_ms@40cardholders",
    "site.create_ms@4doors",
    "site.heap_bytes_per_door",
    "decide.per_s",
    "site.swipes_per_s@4doors",
    "site.decision_p50_us",
    "site.decision_p99_us",
  ]);
  for (const r of results) {
    expect(r.name).toMatch(/^[a-z]+\.[a-z_0-9]+(@\d+[a-z]+)?$/);
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.n).toBeGreaterThan(0);
  }
});

it("relay to output times relay commands to the coil of a Modbus TCP module on 127.0.0.1", async () => {
  const results = await relayToOutputBench(10);
  expect(results.map((r) => [r.name, r.unit, r.n])).toEqual([
    ["host.relay_to_output_ms", "ms", 10],
    ["host.relay_to_output_p99_ms", "ms", 10],
  ]);
  for (const r of results) expect(r.value).toBeGreaterThanOrEqual(0);
});

it("the CSV scenario exports and imports every cardholder and names both figures", async () => {
  const results = await csvBench(20, 2);
  expect(results.map((r) => [r.name, r.n])).toEqual([
    ["csv.export_s@20rows", 20],
    ["csv.import_s@20rows", 20],
  ]);
  for (const r of results) expect(r.value).toBeGreaterThanOrEqual(0);
});
it("card to relay times swipes at a reader to the OUT at the I/O module's end of a PTY line of 4 PDs", async () => {
  const results = await cardToRelayBench(6);
  expect(results.map((r) => [r.name, r.unit])).toEqual([
    ["host.card_to_relay_p50_ms", "ms"],
    ["host.card_to_relay_p99_ms", "ms"],
    ["host.card_to_output_p50_ms", "ms"],
    ["host.card_to_output_p99_ms", "ms"],
    ["host.card_read_to_out_p50_ms", "ms"],
    ["host.card_read_to_out_p99_ms", "ms"],
    ["host.pd_revisit_period_ms@4pds", "ms"],
    ["host.pd_revisit_observed_p50_ms@4pds", "ms"],
    ["host.pd_revisit_observed_p99_ms@4pds", "ms"],
  ]);
  // Each swipe's OUT reached the module its own wire time after it was written on the line, and the host wrote it
  // after it had read the card.
  const [relay50, relay99, output50, output99, host50] = results.map((r) => r.value);
  for (const figure of [relay50, relay99, output50, output99, host50]) expect(figure).toBeGreaterThan(0);
  expect(output50).toBeGreaterThan(relay50!);
  expect(output99).toBeGreaterThan(relay99!);
  expect(host50).toBeLessThan(relay50!);
}, 60_000);
it("multi-server scenarios report propagation percentiles and the initial sync", async () => {
  const results = [...(await multiPropagationBench(2, 10)), ...(await multiInitialSyncBench(200))];
  expect(results.map((r) => r.name)).toEqual([
    "multi.propagation_p50_ms@2subs",
    "multi.propagation_p99_ms@2subs",
    "multi.initial_sync_s@200cardholders",
    "multi.sync_worst_decision_ms@200cardholders",
  ]);
  for (const r of results) expect(r.value).toBeGreaterThan(0);
  // Cards were presented and decided on the sub while it synced.
  expect(results.at(-1)!.n).toBeGreaterThan(0);
}, 120_000);

/** The store as an Effect layer: opened on the engine clock service, closed (journal committed) by its finalizer. */
import { join } from "node:path";
import { layerEngineClock } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { Effect, Layer } from "effect";
import { describe, expect, it } from "vitest";
import { layerStore, Store, StoreTag, tryStore } from "../../src/store";
import { doorOpened } from "./events";
import { useTempDir } from "./tempDir";

const dir = useTempDir();

describe("layerStore", () => {
  it("provides the store and commits the journal when the scope closes", async () => {
    const path = join(dir(), "layer.db");
    const layer = layerStore({ path, tokenKey: new Uint8Array(32) }).pipe(
      Layer.provide(layerEngineClock(new VirtualClock(0))),
    );
    const program = Effect.gen(function* () {
      const store = yield* StoreTag;
      store.journal.append(doorOpened(1));
      return yield* tryStore("count tokens", () => store.tokens.count());
    });
    expect(await Effect.runPromise(Effect.provide(program, layer))).toBe(0);
    const reopened = await Store.open({ path, clock: new VirtualClock(0) });
    expect(reopened.journal.head()).toBe(1);
    await reopened.close();
  });

  it("fails with a StoreError value when the file cannot be opened", async () => {
    const layer = layerStore({ path: join(dir(), "no", "such", "dir.db") }).pipe(
      Layer.provide(layerEngineClock(new VirtualClock(0))),
    );
    const error = await Effect.runPromise(Effect.flip(Effect.provide(StoreTag, layer)));
    expect(error._tag).toBe("StoreError");
  });
});

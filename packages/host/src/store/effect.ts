/** The store as Effect services: scoped resources closed by their finalizers, errors as `StoreError` values. */
import { EngineClockTag } from "@portcullis/engine";
import { Context, Effect, Layer, type Scope } from "effect";
import { Database, type DatabaseOptions } from "./Database";
import { Store, type StoreOptions } from "./Store";
import { type StoreError, toStoreError } from "./StoreError";

/** Lifts a store Promise into an Effect whose failure is a typed `StoreError`. */
export const tryStore = <A>(doing: string, run: () => Promise<A>): Effect.Effect<A, StoreError> =>
  Effect.tryPromise({ try: run, catch: toStoreError(doing) });

/** A database connection closed when its scope ends. */
export const acquireDatabase = (
  path: string,
  options: DatabaseOptions = {},
): Effect.Effect<Database, StoreError, Scope.Scope> =>
  Effect.acquireRelease(
    tryStore(`open ${path}`, () => Database.open(path, options)),
    (db) => tryStore(`close ${path}`, () => db.close()).pipe(Effect.ignoreLogged),
  );

/** An open store whose finalizer commits the journal's last batch and closes the file. */
export const acquireStore = (options: StoreOptions): Effect.Effect<Store, StoreError, Scope.Scope> =>
  Effect.acquireRelease(
    tryStore(`open store ${options.path}`, () => Store.open(options)),
    (store) => tryStore(`close store ${options.path}`, () => store.close()).pipe(Effect.ignoreLogged),
  );

/** Service tag for the host's store. */
export class StoreTag extends Context.Tag("@portcullis/host/Store")<StoreTag, Store>() {}

/** The store as a layer, on the engine clock service. */
export const layerStore = (
  options: Omit<StoreOptions, "clock">,
): Layer.Layer<StoreTag, StoreError, EngineClockTag> =>
  Layer.scoped(
    StoreTag,
    Effect.flatMap(EngineClockTag, (clock) => acquireStore({ ...options, clock })),
  );

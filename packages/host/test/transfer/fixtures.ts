/** Hosts on real SQLite files for the import and export tests: the demo site, or it without cardholders. */
import { type Policy, siteFileJson } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { demoSiteFile } from "../../src/demo/demoSite";
import { photoFolder } from "../../src/photos";
import { Host } from "../../src/runtime/Host";
import { CardholderTransfer, hostTransfer, type NotStored } from "../../src/transfer/CardholderTransfer";
import type { ImportError } from "../../src/transfer/ImportError";
import { ImportOptions, type ImportOptionsInput } from "../../src/transfer/ImportOptions";
import { Schema } from "effect";
import { MONDAY_10 } from "../backup/fixtures";

/** The demo site file with `change` applied to its policy. */
export const demoWith = (change: (policy: Record<string, unknown>) => Record<string, unknown>) => {
  const file = demoSiteFile() as Record<string, unknown>;
  return { ...file, policy: change(file["policy"] as Record<string, unknown>) };
};

/** The demo site without cardholders: its groups are empty. */
export const emptyDemo = () =>
  demoWith((p) => ({
    ...p,
    cardholders: [],
    credentials: [],
    groups: (p["groups"] as Array<Record<string, unknown>>).map((g) => ({ ...g, members: [] })),
  }));

/** A host on `dataDir` started with `file` (default: the demo site), and its transfer. */
export const startTransferHost = async (
  dataDir: string,
  file: unknown = demoSiteFile(),
): Promise<{ host: Host; transfer: CardholderTransfer }> => {
  const host = await Host.start({
    dataDir,
    site: { file, source: JSON.stringify(file) },
    clock: new VirtualClock(MONDAY_10),
    environment: {},
  });
  return { host, transfer: hostTransfer(host, photoFolder(dataDir)) };
};

/** A real 1×1 PNG: a photo file as a camera or badge system writes one. */
export const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** Import options with their defaults. */
export const options = (given: ImportOptionsInput): ImportOptions => Schema.decodeSync(ImportOptions)(given);

/** The site file (JSON) of a running host. */
export const fileOf = (host: Host) => siteFileJson(host.site.config, host.site.policy);

/** People of a policy in an order-free form: cardholders and credentials by id, group members by group name. */
export const people = (policy: Policy) => ({
  cardholders: [...policy.cardholders].sort((a, b) => a.id.localeCompare(b.id)),
  credentials: [...policy.credentials].sort((a, b) => a.id.localeCompare(b.id)),
  groups: Object.fromEntries(policy.groups.map((g) => [g.name, [...g.members].sort()])),
});

/** The value of a Right, or a failed test naming the Left. */
export const right = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(`expected success, got ${JSON.stringify(either.left)}`);
  return either.right;
};

/** The Left of an Either, or a failed test. */
export const left = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected a refusal, got ${JSON.stringify(either.right)}`);
  return either.left;
};

/** The ImportError of a refused import, or a failed test. */
export const importError = <A>(either: Either.Either<A, ImportError | NotStored>): ImportError => {
  const e = left(either);
  if (e._tag !== "ImportError") throw new Error(`expected an ImportError, got ${e.message}`);
  return e;
};

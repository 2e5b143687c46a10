/** Any bytes as an import file end in an import or a typed refusal, never an exception (DESIGN: bad input gets a typed error). */
import { Either, FastCheck as fc } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Host } from "../../src/runtime/Host";
import type { CardholderTransfer } from "../../src/transfer/CardholderTransfer";
import { tempDir } from "../runtime/tempDir";
import { options, startTransferHost } from "./fixtures";

const dataDir = tempDir("import-bytes");
let host: Host;
let transfer: CardholderTransfer;
beforeAll(async () => ({ host, transfer } = await startTransferHost(dataDir)));
afterAll(() => host.stop());

const settings = fc.record({
  mode: fc.constantFrom("new" as const, "update" as const, "add" as const),
  header: fc.boolean(),
  delimiter: fc.constantFrom(",", ";", "\t", "|", "", '"'),
  identifier: fc.constantFrom("id" as const, "name" as const, "email" as const),
  cardNumbers: fc.constantFrom("hex" as const, "decimal" as const, "both" as const),
  columns: fc.option(
    fc.constantFrom(["id", "firstName", "lastName", "cards"], ["email", "groups", "credentials"]),
    {
      nil: undefined,
    },
  ),
});

/** Bytes that look a little like CSV more often than pure noise would. */
const csvish = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.constantFrom("a", "1", ",", ";", '"', "\n", "\r", "0x", "|", "ch01", "[", "{", "é", "\u0000"), {
      maxLength: 80,
    })
    .map((parts) => new TextEncoder().encode(parts.join(""))),
);

describe("import of arbitrary bytes", () => {
  it("resolves to a result or a typed refusal (ImportError), and never throws", async () => {
    await fc.assert(
      fc.asyncProperty(csvish, settings, async (bytes, given) => {
        const { columns, ...rest } = given;
        const result = await transfer.import(
          bytes,
          options({ ...rest, ...(columns !== undefined && { columns }) }),
          "property",
        );
        if (Either.isLeft(result)) expect(["ImportError", "ConfigNotStored"]).toContain(result.left._tag);
      }),
      { numRuns: 300 },
    );
  });
});

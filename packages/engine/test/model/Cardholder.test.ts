/** Cardholder validation: ids, custom fields, flags. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { validatePolicy } from "@portcullis/engine";
import { hasher, site } from "../decision/fixtures";

const check = (cardholders: unknown[]) => validatePolicy({ cardholders }, site, hasher);
const field = (cardholders: unknown[]) =>
  Either.match(check(cardholders), { onLeft: (e) => e.field, onRight: () => undefined });

describe("cardholders", () => {
  it("fill the flags with false", () => {
    const result = check([{ id: "a", firstName: "A", lastName: "B", email: "a@example.com" }]);
    expect(Either.getOrThrow(result).policy.cardholders[0]).toEqual({
      id: "a",
      firstName: "A",
      lastName: "B",
      email: "a@example.com",
      customFields: [],
      longAccess: false,
      suspended: false,
      allowDoubleSwipe: false,
      exemptFromLockdown: false,
      exemptFromAntiPassback: false,
      global: false,
    });
  });

  it("have unique ids", () => {
    const a = { id: "a", firstName: "A", lastName: "B" };
    expect(field([a, a])).toBe("cardholders[1].id");
  });

  it("take at most six custom fields", () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: "v" }));
    expect(field([{ id: "a", firstName: "A", lastName: "B", customFields: fields(6) }])).toBeUndefined();
    expect(field([{ id: "a", firstName: "A", lastName: "B", customFields: fields(7) }])).toBe(
      "cardholders[0].customFields",
    );
  });

  it("name a wrong flag's field", () => {
    expect(field([{ id: "a", firstName: "A", lastName: "B", suspended: "yes" }])).toBe(
      "cardholders[0].suspended",
    );
    expect(field([{ id: "", firstName: "A", lastName: "B" }])).toBe("cardholders[0].id");
  });
});

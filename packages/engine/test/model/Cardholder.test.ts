/** Cardholder validation: ids, custom fields, flags. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { validatePolicy } from "@portcullis/engine";
import { hasher, site } from "../decision/fixtures";

const check = (cardholders: unknown[], customFields: string[] = []) =>
  validatePolicy({ customFields, cardholders }, site, hasher);
const field = (cardholders: unknown[], customFields: string[] = []) =>
  Either.match(check(cardholders, customFields), { onLeft: (e) => e.field, onRight: () => undefined });

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

  it("take at most six custom fields, and the site defines at most six names", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);
    const fields = (n: number) => names(n).map((name) => ({ name, value: "v" }));
    const six = names(6);
    expect(field([{ id: "a", firstName: "A", lastName: "B", customFields: fields(6) }], six)).toBeUndefined();
    expect(field([{ id: "a", firstName: "A", lastName: "B", customFields: fields(7) }], six)).toBe(
      "cardholders[0].customFields",
    );
    expect(field([], names(7))).toBe("customFields");
  });

  it("refuse a custom field the site does not define, naming the field", () => {
    const result = check(
      [{ id: "a", firstName: "A", lastName: "B", customFields: [{ name: "Badge", value: "7" }] }],
      ["Department"],
    );
    const error = Either.flip(result).pipe(Either.getOrThrow);
    expect(error.field).toBe("cardholders[0].customFields[0].name");
    expect(error.message).toContain('unknown custom field "Badge"');
  });

  it("refuse a custom field given twice, and a name defined twice", () => {
    const twice = [
      { name: "Department", value: "x" },
      { name: "Department", value: "y" },
    ];
    expect(field([{ id: "a", firstName: "A", lastName: "B", customFields: twice }], ["Department"])).toBe(
      "cardholders[0].customFields[1].name",
    );
    expect(field([], ["Department", "Department"])).toBe("customFields");
  });

  it("name a wrong flag's field", () => {
    expect(field([{ id: "a", firstName: "A", lastName: "B", suspended: "yes" }])).toBe(
      "cardholders[0].suspended",
    );
    expect(field([{ id: "", firstName: "A", lastName: "B" }])).toBe("cardholders[0].id");
  });
});

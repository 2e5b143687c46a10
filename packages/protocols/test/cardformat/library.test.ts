import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  activeCardFormatSet,
  addCardFormat,
  cardFormatSetsDiffer,
  type CardFormatLibrary,
  defaultCardFormatLibrary,
  editCardFormat,
  isPredefinedCardFormat,
  makeCardFormatSet,
  predefinedCardFormat,
  predefinedCardFormats,
  readerCardFormatSet,
  removeCardFormat,
  resetCardFormat,
  setCardFormatActive,
} from "../../src/cardformat";

const ok = Either.getOrThrow;
const refusal = <A, E>(result: Either.Either<A, E>): E => Either.getOrThrow(Either.flip(result));
const activeNames = (library: CardFormatLibrary) => library.filter((e) => e.active).map((e) => e.format.name);

const custom32 = { name: "Custom32", bits: 32, cardNumber: { range: { from: 0, to: 31 } } };

describe("predefined card formats", () => {
  it("are the seed's six, all active but H10304 (same length as H10302)", () => {
    expect(predefinedCardFormats.map((f) => f.name)).toEqual([
      "H10301",
      "H10306",
      "C1k35s",
      "H10302",
      "H10304",
      "C1k48s",
    ]);
    expect(activeNames(defaultCardFormatLibrary)).toEqual(["H10301", "H10306", "C1k35s", "H10302", "C1k48s"]);
    expect(predefinedCardFormat("H10304")!.bits).toBe(predefinedCardFormat("H10302")!.bits);
  });

  it("accept changes to their invert flags", () => {
    const h10306 = predefinedCardFormat("H10306")!;
    const library = ok(
      editCardFormat(defaultCardFormatLibrary, "H10306", { ...h10306, invertBitOrder: true }),
    );
    expect(library.find((e) => e.format.name === "H10306")!.format.invertBitOrder).toBe(true);
  });

  it("refuse changes to anything else, naming the field", () => {
    const h10301 = predefinedCardFormat("H10301")!;
    expect(refusal(editCardFormat(defaultCardFormatLibrary, "H10301", { ...h10301, bits: 27 })).field).toBe(
      "bits",
    );
    expect(
      refusal(editCardFormat(defaultCardFormatLibrary, "H10301", { ...h10301, name: "Mine" })).field,
    ).toBe("name");
    const moved = { ...h10301, cardNumber: { ...h10301.cardNumber!, output: "hex" } };
    expect(refusal(editCardFormat(defaultCardFormatLibrary, "H10301", moved)).field).toBe("cardNumber");
  });

  it("still validate the invert flags (26 bits: no byte inversion)", () => {
    const h10301 = predefinedCardFormat("H10301")!;
    expect(
      refusal(editCardFormat(defaultCardFormatLibrary, "H10301", { ...h10301, invertByteOrder: true })).field,
    ).toBe("invertByteOrder");
  });

  it("reset to their defaults, keeping whether they are active", () => {
    const c1k48s = predefinedCardFormat("C1k48s")!;
    const edited = ok(
      editCardFormat(defaultCardFormatLibrary, "C1k48s", { ...c1k48s, invertByteOrder: true }),
    );
    const reset = ok(resetCardFormat(edited, "C1k48s"));
    expect(reset).toEqual(defaultCardFormatLibrary);
  });

  it("are never removed; custom formats are, and cannot be reset", () => {
    expect(isPredefinedCardFormat("H10302")).toBe(true);
    expect(refusal(removeCardFormat(defaultCardFormatLibrary, "H10302")).field).toBe("name");
    const library = ok(addCardFormat(defaultCardFormatLibrary, custom32));
    expect(refusal(resetCardFormat(library, "Custom32")).field).toBe("name");
    expect(ok(removeCardFormat(library, "Custom32"))).toEqual(defaultCardFormatLibrary);
  });
});

describe("custom card formats", () => {
  it("are added inactive, with a unique name", () => {
    const library = ok(addCardFormat(defaultCardFormatLibrary, custom32));
    expect(library.at(-1)).toEqual({ format: expect.objectContaining({ name: "Custom32" }), active: false });
    expect(refusal(addCardFormat(library, custom32)).field).toBe("name");
    expect(refusal(addCardFormat(library, { ...custom32, name: "H10301" })).field).toBe("name");
  });

  it("are edited freely", () => {
    const library = ok(addCardFormat(defaultCardFormatLibrary, custom32));
    const edited = ok(editCardFormat(library, "Custom32", { ...custom32, bits: 40 }));
    expect(edited.at(-1)!.format.bits).toBe(40);
  });

  it("cannot be edited into the bit length of another active format", () => {
    const library = ok(
      setCardFormatActive(ok(addCardFormat(defaultCardFormatLibrary, custom32)), "Custom32", true),
    );
    expect(
      refusal(
        editCardFormat(library, "Custom32", {
          ...custom32,
          bits: 26,
          cardNumber: { range: { from: 0, to: 25 } },
        }),
      ).field,
    ).toBe("bits");
  });
});

describe("the active set", () => {
  it("refuses activating a format with the bit length of an active one", () => {
    const error = refusal(setCardFormatActive(defaultCardFormatLibrary, "H10304", true));
    expect(error.field).toBe("active");
    expect(error.message).toContain("H10302");
  });

  it("switches between same-length formats by deactivating first", () => {
    const library = ok(
      setCardFormatActive(ok(setCardFormatActive(defaultCardFormatLibrary, "H10302", false)), "H10304", true),
    );
    expect(activeNames(library)).toContain("H10304");
    expect(activeNames(library)).not.toContain("H10302");
  });

  it("refuses two formats of one bit length in any set", () => {
    const error = refusal(
      makeCardFormatSet([predefinedCardFormat("H10302")!, predefinedCardFormat("H10304")!]),
    );
    expect(error.field).toBe("formats[1].bits");
  });
});

describe("reader custom sets", () => {
  const site = ok(activeCardFormatSet(defaultCardFormatLibrary));

  it("pick formats by name, active on the site or not", () => {
    const reader = ok(readerCardFormatSet(defaultCardFormatLibrary, ["H10304", "H10301"]));
    expect(reader.formats.map((f) => f.name)).toEqual(["H10304", "H10301"]);
    expect(reader.byLength[37]!.format.name).toBe("H10304");
  });

  it("refuse unknown names and same-length pairs", () => {
    expect(refusal(readerCardFormatSet(defaultCardFormatLibrary, ["H10301", "Nope"])).field).toBe(
      "formats[1]",
    );
    expect(refusal(readerCardFormatSet(defaultCardFormatLibrary, ["H10302", "H10304"])).field).toBe(
      "formats[1].bits",
    );
  });

  it("are flagged when they differ from the site's set, whatever their order", () => {
    const same = ok(
      readerCardFormatSet(defaultCardFormatLibrary, ["C1k48s", "H10302", "C1k35s", "H10306", "H10301"]),
    );
    expect(cardFormatSetsDiffer(same, site)).toBe(false);
    expect(cardFormatSetsDiffer(ok(readerCardFormatSet(defaultCardFormatLibrary, ["H10301"])), site)).toBe(
      true,
    );
    const inverted = ok(
      editCardFormat(defaultCardFormatLibrary, "H10301", {
        ...predefinedCardFormat("H10301")!,
        invertBitOrder: true,
      }),
    );
    expect(cardFormatSetsDiffer(ok(activeCardFormatSet(inverted)), site)).toBe(true);
  });
});

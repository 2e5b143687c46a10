/**
 * A site's card formats as its site file states them, checked and turned into card decoders: the
 * site's active set, or a reader's custom set (seed "Card formats and PIN", "Add a reader").
 */
import { Either } from "effect";
import { activeCardReader, cardReadOf, type CardReading } from "./cardRead";
import { CardFormatError } from "./CardFormatError";
import {
  activeCardFormatSet,
  addCardFormat,
  defaultCardFormatLibrary,
  editCardFormat,
  isPredefinedCardFormat,
  readerCardFormatSet,
  type CardFormatLibrary,
} from "./library";
import { predefinedCardFormat } from "./predefined";

/** What of a site the card formats depend on (the engine's site configuration has this shape). */
export interface SiteWithCardFormats {
  /** Entries: `{name, active?, invertBitOrder?, invertByteOrder?}` for a predefined format, a full definition otherwise. */
  readonly cardFormats: ReadonlyArray<unknown>;
  readonly doors: ReadonlyArray<{
    readonly type?: string;
    readonly sides?: { readonly A: SideReaders; readonly B: SideReaders };
  }>;
}

/** The readers on one side of a door. */
interface SideReaders {
  readonly readers: ReadonlyArray<{
    readonly id: string;
    readonly type: string;
    readonly cardFormats?: ReadonlyArray<string> | undefined;
  }>;
}

/** A problem with a site's card formats, named by its field in the site file. */
export interface CardFormatIssue {
  readonly field: string;
  readonly message: string;
}

const issue = (field: string, e: CardFormatError): CardFormatIssue => ({
  field: `${field}.${e.field}`,
  message: e.message,
});

/** The site's library: the predefined formats with the file's edits, its custom formats, and who is active. */
export const siteCardFormatLibrary = (
  entries: ReadonlyArray<unknown>,
): Either.Either<CardFormatLibrary, CardFormatIssue> => {
  let library = defaultCardFormatLibrary;
  const active = new Map<string, boolean>();
  for (const [i, raw] of entries.entries()) {
    const field = `cardFormats[${i}]`;
    if (typeof raw !== "object" || raw === null || typeof (raw as { name?: unknown }).name !== "string")
      return Either.left({ field: `${field}.name`, message: "a card format needs a name" });
    const { active: on, ...definition } = raw as { name: string; active?: unknown };
    const name = definition.name;
    const changed = isPredefinedCardFormat(name)
      ? editCardFormat(library, name, { ...predefinedCardFormat(name)!, ...definition })
      : addCardFormat(library, definition);
    if (Either.isLeft(changed)) return Either.left(issue(field, changed.left));
    library = changed.right;
    if (on !== undefined) {
      if (typeof on !== "boolean")
        return Either.left({ field: `${field}.active`, message: "expected true or false" });
      active.set(name, on);
    }
  }
  // Activation is applied as a whole, so swapping two formats of one bit length is no transient clash.
  library = library.map((e) => ({ ...e, active: active.get(e.format.name) ?? e.active }));
  return Either.match(activeCardFormatSet(library), {
    onLeft: (e) => Either.left({ field: "cardFormats", message: e.message }),
    onRight: () => Either.right(library),
  });
};

const wiredReaders = (site: SiteWithCardFormats) =>
  site.doors.flatMap((door, d) =>
    door.type === "monitoring"
      ? []
      : (["A", "B"] as const).flatMap((side) =>
          (door.sides?.[side].readers ?? []).map((reader, r) => ({
            reader,
            field: `doors[${d}].sides.${side}.readers[${r}].cardFormats`,
          })),
        ),
  );

/** Checks a site's card formats: the library, and each reader's custom set (no two formats of one length). */
export const checkSiteCardFormats = (site: SiteWithCardFormats): CardFormatIssue[] => {
  const library = siteCardFormatLibrary(site.cardFormats);
  if (Either.isLeft(library)) return [library.left];
  const readers = wiredReaders(site).filter((r) => r.reader.type !== "lpr");
  const issues: CardFormatIssue[] = [];
  // Seed: formats are (de)activated on controllers' readers; with none, there is nothing to apply them to.
  if (readers.length === 0)
    site.cardFormats.forEach((raw, i) => {
      if (typeof raw === "object" && raw !== null && "active" in raw)
        issues.push({
          field: `cardFormats[${i}].active`,
          message: "no controller has a reader to use this format",
        });
    });
  for (const { reader, field } of readers) {
    if (reader.cardFormats === undefined) continue;
    const set = readerCardFormatSet(library.right, reader.cardFormats);
    if (Either.isLeft(set)) issues.push({ field: `${field}`, message: set.left.message });
  }
  return issues;
};

/** Card decoding per reader: its custom set if it has one, else the site's active set. */
export const siteCardDecoder = (
  site: SiteWithCardFormats,
): ((readerId: string, bits: string) => CardReading) => {
  const library = Either.getOrElse(siteCardFormatLibrary(site.cardFormats), () => defaultCardFormatLibrary);
  const siteReader = activeCardReader(library);
  const custom = new Map(
    wiredReaders(site).flatMap(({ reader }) => {
      if (reader.cardFormats === undefined) return [];
      const set = readerCardFormatSet(library, reader.cardFormats);
      return Either.isRight(set) ? [[reader.id, set.right] as const] : [];
    }),
  );
  return (readerId, bits) => {
    const set = custom.get(readerId);
    return set === undefined ? siteReader(bits) : cardReadOf(set, bits);
  };
};

/**
 * The widest card number, in bits, that a format in effect on the site carries: the active set's
 * and every reader's custom set's. A card number wider than that can never be read.
 */
export const siteCardNumberBits = (site: SiteWithCardFormats): number => {
  const known = numberBits.get(site);
  if (known !== undefined) return known;
  const widest = widestCardNumber(site);
  numberBits.set(site, widest);
  return widest;
};

/** Per site configuration (never changed in place): every card credential put asks, and compiling the formats costs. */
const numberBits = new WeakMap<SiteWithCardFormats, number>();

const widestCardNumber = (site: SiteWithCardFormats): number => {
  const library = Either.getOrElse(siteCardFormatLibrary(site.cardFormats), () => defaultCardFormatLibrary);
  const named = new Set(wiredReaders(site).flatMap(({ reader }) => reader.cardFormats ?? []));
  let widest = 0;
  for (const { format, active } of library)
    if ((active || named.has(format.name)) && format.cardNumber !== undefined)
      widest = Math.max(widest, format.cardNumber.range.to - format.cardNumber.range.from + 1);
  return widest;
};

/**
 * Every format in effect on the site (the active set and the formats readers' custom sets name): its
 * bit length and how wide a card number it carries, which says which cards stay readable.
 */
export const siteFormatsInEffect = (
  site: SiteWithCardFormats,
): ReadonlyArray<{ readonly bits: number; readonly cardNumberBits: number }> => {
  const library = Either.getOrElse(siteCardFormatLibrary(site.cardFormats), () => defaultCardFormatLibrary);
  const named = new Set(wiredReaders(site).flatMap(({ reader }) => reader.cardFormats ?? []));
  return library
    .filter(({ format, active }) => active || named.has(format.name))
    .map(({ format }) => ({
      bits: format.bits,
      cardNumberBits:
        format.cardNumber === undefined ? 0 : format.cardNumber.range.to - format.cardNumber.range.from + 1,
    }));
};

/** Card formats for an engine site: its checks and its decoders (the engine's `CardFormatSupport`). */
export const siteCardFormatSupport = {
  cardNumberBits: siteCardNumberBits,
  formatsInEffect: siteFormatsInEffect,
  validate: checkSiteCardFormats,
  decoder: siteCardDecoder,
};

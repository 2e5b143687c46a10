/** A site's card formats: the predefined ones plus custom ones, each active or not (seed "Card formats and PIN"). */
import { Either } from "effect";
import { type CardFormat, validateCardFormat } from "./CardFormat";
import { CardFormatError } from "./CardFormatError";
import { type CardFormatSet, makeCardFormatSet } from "./CardFormatSet";
import { inactiveByDefault, predefinedCardFormat, predefinedCardFormats } from "./predefined";

/** One format of a site and whether it is in the site's active set. */
export interface CardFormatEntry {
  readonly format: CardFormat;
  readonly active: boolean;
}

/** All formats of a site; the active ones never share a bit length. */
export type CardFormatLibrary = ReadonlyArray<CardFormatEntry>;

/** A new site's formats: every predefined one, active except H10304. */
export const defaultCardFormatLibrary: CardFormatLibrary = predefinedCardFormats.map((format) => ({
  format,
  active: !inactiveByDefault.has(format.name),
}));

/** True for the names of predefined formats, which can be reset but never removed. */
export const isPredefinedCardFormat = (name: string): boolean => predefinedCardFormat(name) !== undefined;

type Result = Either.Either<CardFormatLibrary, CardFormatError>;

const notFound = (name: string) =>
  Either.left(new CardFormatError({ field: "name", message: `no card format named ${name}` }));

const indexOf = (library: CardFormatLibrary, name: string): number =>
  library.findIndex((e) => e.format.name === name);

/**
 * Replaces one entry, keeping the invariant every change must keep: the active formats form a
 * valid set. A clash is reported on `field`, the setting of the changed entry that caused it.
 */
const replaceAt = (
  library: CardFormatLibrary,
  index: number,
  entry: CardFormatEntry,
  field: string,
): Result => {
  const next = library.map((e, i) => (i === index ? entry : e));
  return Either.match(activeCardFormatSet(next), {
    onLeft: (error) => Either.left(new CardFormatError({ field, message: error.message })),
    onRight: () => Either.right(next),
  });
};

/** The site's active set. */
export const activeCardFormatSet = (
  library: CardFormatLibrary,
): Either.Either<CardFormatSet, CardFormatError> =>
  makeCardFormatSet(library.filter((e) => e.active).map((e) => e.format));

/** Adds a custom format, inactive until activated (seed: "select the checkbox" to activate). */
export const addCardFormat = (library: CardFormatLibrary, input: unknown): Result =>
  Either.flatMap(validateCardFormat(input), (format) =>
    indexOf(library, format.name) >= 0
      ? Either.left(
          new CardFormatError({ field: "name", message: `a card format named ${format.name} exists` }),
        )
      : Either.right([...library, { format, active: false }]),
  );

/** Settings of a predefined format an admin may change; everything else is its fixed layout. */
const editableOfPredefined = new Set(["invertBitOrder", "invertByteOrder"]);

const predefinedChange = (current: CardFormat, edited: CardFormat): CardFormatError | undefined => {
  const key = (Object.keys(edited) as Array<keyof CardFormat>).find(
    (k) => !editableOfPredefined.has(k) && JSON.stringify(edited[k]) !== JSON.stringify(current[k]),
  );
  return key === undefined
    ? undefined
    : new CardFormatError({
        field: key,
        message: `${current.name} is predefined: only its invert flags are editable`,
      });
};

/** Replaces the definition of the format `name`; a predefined one accepts changes to its invert flags only. */
export const editCardFormat = (library: CardFormatLibrary, name: string, input: unknown): Result => {
  const index = indexOf(library, name);
  const entry = library[index];
  if (entry === undefined) return notFound(name);
  return Either.flatMap(validateCardFormat(input), (format) => {
    const refused = isPredefinedCardFormat(name) ? predefinedChange(entry.format, format) : undefined;
    if (refused !== undefined) return Either.left(refused);
    if (format.name !== name && indexOf(library, format.name) >= 0)
      return Either.left(
        new CardFormatError({ field: "name", message: `a card format named ${format.name} exists` }),
      );
    return replaceAt(library, index, { format, active: entry.active }, "bits");
  });
};

/** Puts a predefined format back to its default field map, keeping whether it is active. */
export const resetCardFormat = (library: CardFormatLibrary, name: string): Result => {
  const index = indexOf(library, name);
  const entry = library[index];
  const defaults = predefinedCardFormat(name);
  if (entry === undefined) return notFound(name);
  if (defaults === undefined)
    return Either.left(
      new CardFormatError({ field: "name", message: `${name} is a custom format: nothing to reset to` }),
    );
  return replaceAt(library, index, { format: defaults, active: entry.active }, "bits");
};

/** Removes a custom format; predefined formats are never removed. */
export const removeCardFormat = (library: CardFormatLibrary, name: string): Result => {
  if (isPredefinedCardFormat(name))
    return Either.left(
      new CardFormatError({ field: "name", message: `${name} is predefined and cannot be removed` }),
    );
  return indexOf(library, name) < 0
    ? notFound(name)
    : Either.right(library.filter((e) => e.format.name !== name));
};

/** Activates or deactivates a format; refused when another active format has the same bit length. */
export const setCardFormatActive = (library: CardFormatLibrary, name: string, active: boolean): Result => {
  const index = indexOf(library, name);
  const entry = library[index];
  return entry === undefined
    ? notFound(name)
    : replaceAt(library, index, { format: entry.format, active }, "active");
};

/**
 * A reader's custom set: formats of the library picked by name, active on the site or not
 * (seed "Add a reader": "Select the card formats you want to use for the reader").
 */
export const readerCardFormatSet = (
  library: CardFormatLibrary,
  names: ReadonlyArray<string>,
): Either.Either<CardFormatSet, CardFormatError> => {
  const formats: Array<CardFormat> = [];
  for (const [i, name] of names.entries()) {
    const entry = library[indexOf(library, name)];
    if (entry === undefined)
      return Either.left(
        new CardFormatError({ field: `formats[${i}]`, message: `no card format named ${name}` }),
      );
    formats.push(entry.format);
  }
  return makeCardFormatSet(formats);
};

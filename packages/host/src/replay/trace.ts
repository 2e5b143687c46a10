/** The trace format of `portcullis replay` (DESIGN §8): one JSON input per line, validated with its line number. */
import { Either, ParseResult, Schema } from "effect";
import { issuesOf } from "@portcullis/engine";

const Id = Schema.NonEmptyString;
const Instant = Schema.String.pipe(
  Schema.filter((s) => !Number.isNaN(Date.parse(s)) || "an ISO time such as 2026-11-23T08:00:00+01:00"),
);
const line = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) =>
  Schema.Struct({ at: Instant, type: Schema.Literal(type), ...fields });
const Digits = Schema.String.pipe(Schema.pattern(/^[0-9]+$/));

/** One trace line. */
export const TraceLine = Schema.Union(
  line("card", {
    readerId: Id,
    number: Schema.optional(Schema.Union(Digits, Schema.Number.pipe(Schema.int(), Schema.nonNegative()))),
    facility: Schema.optional(Schema.Union(Digits, Schema.Number.pipe(Schema.int(), Schema.nonNegative()))),
    bits: Schema.optional(Schema.String.pipe(Schema.pattern(/^[01]{1,256}$/))),
  }),
  line("keys", { readerId: Id, keys: Schema.String.pipe(Schema.pattern(/^[0-9*#]+$/)) }),
  line("rex", { doorId: Id, side: Schema.Literal("A", "B") }),
  line("plate", { readerId: Id, plate: Schema.NonEmptyString }),
  line("door", { doorId: Id, open: Schema.Boolean }),
  line("input", { inputId: Id, state: Schema.Literal("active", "inactive", "cut", "short") }),
  line("manual", {
    /** A door id, or `zone:<id>` for a zone. */
    target: Id,
    action: Schema.Literal("reset", "grant", "unlock", "lock", "lockdown"),
    by: Schema.optionalWith(Schema.String, { default: () => "replay" }),
  }),
  line("config", {
    change: Schema.Union(
      Schema.Struct({ op: Schema.Literal("put"), entity: Schema.String, value: Schema.Unknown }),
      Schema.Struct({ op: Schema.Literal("remove"), entity: Schema.String, id: Id }),
      Schema.Struct({
        op: Schema.Literal("set"),
        entity: Schema.Literal("pin", "facilityCodes", "cardFormats"),
        value: Schema.Unknown,
      }),
    ),
    by: Schema.optionalWith(Schema.String, { default: () => "replay" }),
  }),
  line("advance", {}),
);
export type TraceLine = typeof TraceLine.Type;

/** A trace line that cannot be read: its 1-based line number, the field and why. */
export class TraceError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`line ${line}: ${field === "" ? "" : `${field}: `}${reason}`);
  }
}

const decodeLine = Schema.decodeUnknownEither(TraceLine, { errors: "all", onExcessProperty: "error" });

/** The type a line says it is, so an error names that variant's field rather than every union member's. */
const issueOf = (raw: unknown, error: ParseResult.ParseError) => {
  const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
  const variant = TraceLine.members.find((m) => m.fields.type.literals[0] === type);
  if (variant === undefined) return { field: "type", message: `unknown line type ${JSON.stringify(type)}` };
  const own = Schema.decodeUnknownEither(variant as Schema.Schema<unknown, unknown>, {
    errors: "all",
    onExcessProperty: "error",
  })(raw);
  return Either.isLeft(own) ? issuesOf(own.left)[0]! : issuesOf(error)[0]!;
};

/** Parses a trace: blank lines are skipped; times must not go back. */
export const parseTrace = (
  text: string,
): Either.Either<Array<{ line: number; input: TraceLine; at: number }>, TraceError> => {
  const out: Array<{ line: number; input: TraceLine; at: number }> = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i]!.trim();
    if (src === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(src);
    } catch (error) {
      return Either.left(new TraceError(i + 1, "", `not JSON: ${(error as Error).message}`));
    }
    const decoded = decodeLine(raw);
    if (Either.isLeft(decoded)) {
      const issue = issueOf(raw, decoded.left);
      return Either.left(new TraceError(i + 1, issue.field, issue.message));
    }
    const at = Date.parse(decoded.right.at);
    const previous = out.at(-1)?.at;
    if (previous !== undefined && at < previous)
      return Either.left(new TraceError(i + 1, "at", "goes back in time; trace lines must be in time order"));
    out.push({ line: i + 1, input: decoded.right, at });
  }
  return Either.right(out);
};

/** Reading and writing OSDP captures: osdpcap JSON lines and plain hex lines (DESIGN §7). */
import { Either } from "effect";
import { fromHex, toHex } from "./bytes";
import { CaptureError } from "./errors";
import { MARK, REPLY_BIT } from "./frame";

/** osdpcap's direction: `output` is CP → PD, `input` is PD → CP. */
export type CaptureIo = "output" | "input";

/** One captured frame; `io` is null when the source did not say (plain hex lines). */
export interface CaptureEntry {
  readonly timeSec: number;
  readonly timeNano: number;
  readonly io: CaptureIo | null;
  readonly data: Uint8Array;
}

const OSDPCAP_VERSION = "1";

const integer = (value: unknown): number | undefined => {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Parses one osdpcap line; times may be strings or numbers, data hex with or without separators. */
export const parseOsdpcapLine = (text: string, line: number): Either.Either<CaptureEntry, CaptureError> => {
  const bad = (message: string) => Either.left(new CaptureError({ line, message }));
  const json = parseJson(text);
  if (typeof json !== "object" || json === null) return bad("not a JSON object");
  const record = json as Record<string, unknown>;
  const timeSec = integer(record["timeSec"]);
  const timeNano = integer(record["timeNano"] ?? 0);
  const io = record["io"];
  const data = typeof record["data"] === "string" ? fromHex(record["data"]) : undefined;
  if (timeSec === undefined || timeNano === undefined)
    return bad("timeSec/timeNano must be non-negative integers");
  if (io !== "output" && io !== "input") return bad('io must be "output" or "input"');
  if (data === undefined) return bad("data must be hex");
  return Either.right({ timeSec, timeNano, io, data });
};

// A transcript line may carry "<ms> CP>PD" or "<ms> PD>CP" before the hex (the shared vectors' format).
const DIRECTED = /^\s*(?:(\d+)\s+)?(CP>PD|PD>CP)\s+(.*)$/;

/** Parses one plain hex line, optionally prefixed by a millisecond time and `CP>PD`/`PD>CP`. */
export const parseHexLine = (text: string, line: number): Either.Either<CaptureEntry, CaptureError> => {
  const directed = DIRECTED.exec(text);
  const hex = directed?.[3] ?? text;
  const data = fromHex(hex);
  if (data === undefined || data.length === 0)
    return Either.left(new CaptureError({ line, message: "not hex" }));
  const ms = directed?.[1] === undefined ? 0 : Number(directed[1]);
  const io: CaptureIo | null = directed === null ? null : directed[2] === "CP>PD" ? "output" : "input";
  return Either.right({ timeSec: Math.floor(ms / 1000), timeNano: (ms % 1000) * 1_000_000, io, data });
};

/** Parses a capture, osdpcap or hex, line by line (blank lines and `#` comments skipped). Never throws. */
export const parseCapture = (text: string): Array<Either.Either<CaptureEntry, CaptureError>> =>
  text.split(/\r?\n/).flatMap((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return [];
    return [trimmed.startsWith("{") ? parseOsdpcapLine(trimmed, i + 1) : parseHexLine(trimmed, i + 1)];
  });

/** The direction a frame's address byte tells (bit 7 set on replies), for entries captured without one. */
export const ioOfFrame = (data: Uint8Array): CaptureIo => {
  let start = 0;
  while (data[start] === MARK) start++;
  return (data[start + 1] ?? 0) & REPLY_BIT ? "input" : "output";
};

/** Writes entries as osdpcap JSON lines (times as strings, as libosdp and OSDP.Net write them). */
export const writeOsdpcap = (entries: ReadonlyArray<CaptureEntry>, source = "portcullis"): string =>
  entries
    .map((e) =>
      JSON.stringify({
        timeSec: String(e.timeSec),
        timeNano: String(e.timeNano).padStart(9, "0"),
        io: e.io ?? ioOfFrame(e.data),
        data: toHex(e.data),
        osdpTraceVersion: OSDPCAP_VERSION,
        osdpSource: source,
      }),
    )
    .map((line) => line + "\n")
    .join("");

/** Writes entries as plain hex lines, one frame per line. */
export const writeHexLines = (entries: ReadonlyArray<CaptureEntry>): string =>
  entries.map((e) => toHex(e.data) + "\n").join("");

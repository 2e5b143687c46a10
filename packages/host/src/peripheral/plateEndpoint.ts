/**
 * `POST /api/peripheral/plate`: a license plate camera (AXIS License Plate Verifier style) submits a plate read at
 * one of the site's plate readers, authenticated by the external peripheral key as a bearer token. The plate then
 * goes the way of a card: reader → decision → door.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SiteInput } from "@portcullis/engine";
import { Either, Schema } from "effect";
import type { HelloGuard } from "../feed/HelloGuard";
import type { PeripheralKey } from "./PeripheralKey";

/** The path the endpoint answers. */
export const PLATE_PATH = "/api/peripheral/plate";

/** A plate read is a few dozen bytes; anything near this is not one. */
const MAX_BODY_BYTES = 4_096;

const PlateRead = Schema.Struct({
  readerId: Schema.NonEmptyString,
  plate: Schema.NonEmptyString.pipe(Schema.maxLength(32)),
});
const decodePlateRead = Schema.decodeUnknownEither(PlateRead, { onExcessProperty: "error" });

/** What the endpoint needs from the site. */
export interface PlateSite {
  /** Whether `readerId` is a plate reader (`type: "lpr"`) of the site. */
  isPlateReader(readerId: string): boolean;
  push(input: SiteInput): Either.Either<void, { readonly code: string; readonly message: string }>;
}

type Answer = readonly [status: number, body: Record<string, unknown>];

const refused = (status: number, code: string, message: string): Answer => [
  status,
  { ok: false, error: { code, message } },
];

const readBody = (req: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      // Too big: answered at once, the rest drained unread, and the connection closed after the answer.
      else resolve(undefined);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const answerFor = async (
  req: IncomingMessage,
  key: PeripheralKey,
  site: PlateSite,
  guard: HelloGuard,
): Promise<Answer> => {
  if (req.method !== "POST") return refused(405, "MethodNotAllowed", "POST a plate read");
  const remote = req.socket.remoteAddress ?? "unknown";
  // A key guesser is slowed down as a token guesser is, before the key is even compared.
  if (guard.blocked(remote)) return refused(429, "RateLimited", "too many failed attempts; try again later");
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (bearer === undefined || !key.matches(bearer)) {
    guard.failed(remote);
    return refused(401, "Unauthorized", "the external peripheral authentication key is missing or wrong");
  }
  const body = await readBody(req);
  if (body === undefined)
    return refused(413, "BadMessage", `a plate read is at most ${MAX_BODY_BYTES} bytes`);
  const read = decodePlateRead(parse(body));
  if (Either.isLeft(read))
    return refused(
      400,
      "BadMessage",
      "expected JSON {readerId, plate} with a non-empty plate of at most 32 characters",
    );
  const { readerId, plate } = read.right;
  if (!site.isPlateReader(readerId))
    return refused(404, "UnknownReader", `no plate reader "${readerId}" on this site`);
  const pushed = site.push({ type: "plate", readerId, plate });
  return Either.isLeft(pushed) ? refused(422, pushed.left.code, pushed.left.message) : [202, { ok: true }];
};

/** The handler; it answers every request it is given (the server routes {@link PLATE_PATH} to it). */
export const plateEndpoint =
  (key: PeripheralKey, site: PlateSite, guard: HelloGuard) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const [status, body] = await answerFor(req, key, site, guard);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      ...(status === 413 && { connection: "close" }),
    });
    res.end(JSON.stringify(body));
  };

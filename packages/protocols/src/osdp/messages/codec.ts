/** The shape every message codec has, and the dispatcher that turns a code and payload into a typed message. */
import { Either } from "effect";
import { codeName } from "../codes";
import { MessageError } from "../errors";
import { ByteReader } from "./reader";

/** Encoder and decoder of one command or reply; `decode` reports problems through the reader. */
export interface MessageCodec<M extends { readonly kind: string }> {
  readonly kind: M["kind"];
  readonly code: number;
  readonly encode: (message: M) => Uint8Array;
  readonly decode: (reader: ByteReader) => M;
}

/** A message whose code has no typed payload here (e.g. FILETRANSFER): its bytes are kept as they are. */
export interface UnknownMessage {
  readonly kind: "Unknown";
  readonly code: number;
  readonly data: Uint8Array;
}

/** A codec for a message without payload (POLL, ACK, …). */
export const noDataCodec = <K extends string>(kind: K, code: number): MessageCodec<{ readonly kind: K }> => {
  const message = { kind } as const;
  return { kind, code, encode: () => new Uint8Array(0), decode: () => message };
};

/** Builds the code → codec table of one direction. */
export const codecTable = <M extends { readonly kind: string }>(
  codecs: ReadonlyArray<MessageCodec<M>>,
): ReadonlyMap<number, MessageCodec<M>> => new Map(codecs.map((c) => [c.code, c]));

/** Decodes a payload with the table of its direction; unknown codes become `UnknownMessage`. Never throws. */
export const decodeWith = <M extends { readonly kind: string }>(
  table: ReadonlyMap<number, MessageCodec<M>>,
  reply: boolean,
  code: number,
  data: Uint8Array,
): Either.Either<M | UnknownMessage, MessageError> => {
  const codec = table.get(code);
  if (codec === undefined) return Either.right({ kind: "Unknown", code, data: data.slice() });
  const reader = new ByteReader(data);
  const message = codec.decode(reader);
  const problem = reader.problem();
  return problem === undefined
    ? Either.right(message)
    : Either.left(new MessageError({ code, name: codeName(code, reply), message: problem }));
};

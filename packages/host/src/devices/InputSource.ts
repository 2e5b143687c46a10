/** The interface a source of site inputs implements (the OSDP lines; door I/O reports through `SiteIo`). */
import type { InputRejected, SiteInput } from "@portcullis/engine";
import type { Either } from "effect";

/** Where a source delivers its inputs: the site's `push`, which refuses unknown targets. */
export type InputSink = (input: SiteInput) => Either.Either<void, InputRejected>;

/** A source of site inputs, started with the sink it pushes to and stopped at shutdown. */
export interface InputSource {
  readonly start: (sink: InputSink) => void;
  readonly stop: () => void;
}

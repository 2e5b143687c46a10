/**
 * Import files received in parts: a WebSocket message holds at most 64 KiB, so a larger CSV file
 * is begun, sent in numbered parts and then imported by its upload id. Each upload belongs to the
 * user who began it and is dropped once imported, or after {@link UPLOAD_IDLE_MS} without a part.
 */
import { randomUUID } from "node:crypto";
import { Data, Either } from "effect";

/** Characters one upload may hold: a 100 000-cardholder file is about 10 M. */
export const MAX_UPLOAD_CHARS = 256 * 1024 * 1024;
/** Uploads one user may have open at once. */
export const MAX_OPEN_UPLOADS = 4;
/** An upload without a part for this long is dropped. */
export const UPLOAD_IDLE_MS = 10 * 60_000;

/** Why an upload step was refused; nothing changed. */
export class UploadError extends Data.TaggedError("UploadError")<{
  readonly code: "UnknownUpload" | "UploadOutOfOrder" | "UploadTooLarge" | "TooManyUploads";
  readonly message: string;
}> {}

interface Upload {
  readonly by: string;
  readonly parts: string[];
  chars: number;
  touched: number;
}

/** The open uploads of one host. */
export class ImportUploads {
  private readonly open = new Map<string, Upload>();

  constructor(
    private readonly now: () => number,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Opens an upload for `by`. */
  begin(by: string): Either.Either<{ readonly uploadId: string; readonly maxChars: number }, UploadError> {
    this.dropIdle();
    const mine = [...this.open.values()].filter((u) => u.by === by).length;
    if (mine >= MAX_OPEN_UPLOADS)
      return Either.left(
        new UploadError({
          code: "TooManyUploads",
          message: `at most ${MAX_OPEN_UPLOADS} uploads may be open at once; import or let one expire`,
        }),
      );
    const uploadId = this.newId();
    this.open.set(uploadId, { by, parts: [], chars: 0, touched: this.now() });
    return Either.right({ uploadId, maxChars: MAX_UPLOAD_CHARS });
  }

  /** Appends part `index` (0, 1, 2, … in order) to `by`'s upload; answers the characters held so far. */
  append(
    uploadId: string,
    by: string,
    index: number,
    text: string,
  ): Either.Either<{ readonly chars: number }, UploadError> {
    const upload = this.find(uploadId, by);
    if (Either.isLeft(upload)) return upload;
    const u = upload.right;
    if (index !== u.parts.length)
      return Either.left(
        new UploadError({
          code: "UploadOutOfOrder",
          message: `part ${index} arrived where part ${u.parts.length} was expected; parts go 0, 1, 2, … in order`,
        }),
      );
    if (u.chars + text.length > MAX_UPLOAD_CHARS)
      return Either.left(
        new UploadError({
          code: "UploadTooLarge",
          message: `an upload holds at most ${MAX_UPLOAD_CHARS} characters; import larger files with the CLI`,
        }),
      );
    u.parts.push(text);
    u.chars += text.length;
    u.touched = this.now();
    return Either.right({ chars: u.chars });
  }

  /** The whole text of `by`'s upload, which is closed. */
  take(uploadId: string, by: string): Either.Either<string, UploadError> {
    return Either.map(this.find(uploadId, by), (upload) => {
      this.open.delete(uploadId);
      return upload.parts.join("");
    });
  }

  private find(uploadId: string, by: string): Either.Either<Upload, UploadError> {
    this.dropIdle();
    const upload = this.open.get(uploadId);
    // Another user's upload is answered as unknown: its id says nothing to them.
    return upload === undefined || upload.by !== by
      ? Either.left(
          new UploadError({
            code: "UnknownUpload",
            message: `no open upload "${uploadId}" of yours: it was imported, expired after ${UPLOAD_IDLE_MS / 60_000} minutes idle, or never begun`,
          }),
        )
      : Either.right(upload);
  }

  private dropIdle(): void {
    const now = this.now();
    for (const [id, u] of this.open) if (now - u.touched >= UPLOAD_IDLE_MS) this.open.delete(id);
  }
}

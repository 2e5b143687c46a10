/** Import files received in parts: order, ownership, limits and expiry. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { ImportUploads, MAX_OPEN_UPLOADS, UPLOAD_IDLE_MS } from "../../src/transfer/ImportUploads";

const start = () => {
  let now = 0;
  let n = 0;
  const uploads = new ImportUploads(
    () => now,
    () => `u${++n}`,
  );
  return { uploads, advance: (ms: number) => (now += ms) };
};

const code = (e: Either.Either<unknown, { code: string }>) => (Either.isLeft(e) ? e.left.code : "ok");

describe("import uploads", () => {
  it("joins the parts in order and closes the upload when taken", () => {
    const { uploads } = start();
    const { uploadId } = Either.getOrThrow(uploads.begin("ana"));
    expect(Either.getOrThrow(uploads.append(uploadId, "ana", 0, "id,first"))).toEqual({ chars: 8 });
    expect(Either.getOrThrow(uploads.append(uploadId, "ana", 1, "Name\n"))).toEqual({ chars: 13 });
    expect(uploads.take(uploadId, "ana")).toEqual(Either.right("id,firstName\n"));
    expect(code(uploads.take(uploadId, "ana"))).toBe("UnknownUpload");
  });

  it("refuses a part out of order and keeps what it holds", () => {
    const { uploads } = start();
    const { uploadId } = Either.getOrThrow(uploads.begin("ana"));
    uploads.append(uploadId, "ana", 0, "a");
    expect(code(uploads.append(uploadId, "ana", 0, "a"))).toBe("UploadOutOfOrder");
    expect(code(uploads.append(uploadId, "ana", 2, "c"))).toBe("UploadOutOfOrder");
    uploads.append(uploadId, "ana", 1, "b");
    expect(uploads.take(uploadId, "ana")).toEqual(Either.right("ab"));
  });

  it("keeps one user's upload from another", () => {
    const { uploads } = start();
    const { uploadId } = Either.getOrThrow(uploads.begin("ana"));
    expect(code(uploads.append(uploadId, "bo", 0, "x"))).toBe("UnknownUpload");
    expect(code(uploads.take(uploadId, "bo"))).toBe("UnknownUpload");
    expect(uploads.take(uploadId, "ana")).toEqual(Either.right(""));
  });

  it("limits the uploads a user has open, and drops an idle one", () => {
    const { uploads, advance } = start();
    const first = Either.getOrThrow(uploads.begin("ana")).uploadId;
    for (let i = 1; i < MAX_OPEN_UPLOADS; i++) Either.getOrThrow(uploads.begin("ana"));
    expect(code(uploads.begin("ana"))).toBe("TooManyUploads");
    expect(code(uploads.begin("bo"))).toBe("ok");
    advance(UPLOAD_IDLE_MS - 1);
    uploads.append(first, "ana", 0, "kept alive");
    advance(1);
    // The three untouched ones expired; the one with a part is still open.
    expect(code(uploads.begin("ana"))).toBe("ok");
    expect(uploads.take(first, "ana")).toEqual(Either.right("kept alive"));
    advance(UPLOAD_IDLE_MS);
    expect(code(uploads.take(first, "ana"))).toBe("UnknownUpload");
  });
});

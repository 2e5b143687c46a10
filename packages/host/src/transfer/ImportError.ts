/** Why a cardholder import was refused: every bad row with its line and field; nothing changed. */
import { Data } from "effect";

/** One problem of an import: the CSV line (1 = the first line of the file; 0 = the file as a whole) and the column. */
export interface ImportIssue {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** How many issues an error message spells out; `issues` holds them all. */
const LISTED = 20;

/** An import refused: the CSV could not be read, or rows are invalid. Nothing changed. */
export class ImportError extends Data.TaggedError("ImportError")<{
  readonly message: string;
  readonly issues: ReadonlyArray<ImportIssue>;
}> {
  static of(issues: ReadonlyArray<ImportIssue>): ImportError {
    const listed = issues
      .slice(0, LISTED)
      .map((i) => `${i.line > 0 ? `line ${i.line}` : "file"}, ${i.field}: ${i.message}`);
    const more = issues.length > LISTED ? [`and ${issues.length - LISTED} more`] : [];
    return new ImportError({
      message: `import refused, nothing changed (${issues.length} ${issues.length === 1 ? "problem" : "problems"}): ${[...listed, ...more].join("; ")}`,
      issues,
    });
  }
}

/** `config.undoImport` with no import to undo. */
export class NoImportToUndo extends Data.TaggedError("NoImportToUndo")<{ readonly message: string }> {}

/**
 * Reading an import file (seed "Import and export": column delimiter, first row is header) with
 * csv-parse, streaming: rows with the line each starts on. Any input — arbitrary bytes included —
 * ends in rows or an {@link ImportError}, never a thrown exception.
 */
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { ImportError } from "./ImportError";

/** One CSV record and the line of the file it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly cells: ReadonlyArray<string>;
}

/** How the file is laid out. */
export interface CsvLayout {
  /** One character or a short string between columns; default `,`. */
  readonly delimiter: string;
}

/** Progress while reading: records and bytes so far. */
export type ReadProgress = (rows: number, bytes: number) => void;

const newlines = (cells: ReadonlyArray<string>): number =>
  cells.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);

/** Reads every record of `source` (a byte stream or the whole text). */
export const readCsvRows = async (
  source: Readable | string | Uint8Array,
  layout: CsvLayout,
  progress: ReadProgress = () => {},
): Promise<CsvRow[] | ImportError> => {
  if (layout.delimiter === "" || /["\r\n]/.test(layout.delimiter))
    return ImportError.of([
      {
        line: 0,
        field: "delimiter",
        message: "a column delimiter is one or more characters other than quotes and line breaks",
      },
    ]);
  const input = typeof source === "string" || source instanceof Uint8Array ? Readable.from([source]) : source;
  const parser = parse({
    delimiter: layout.delimiter,
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const rows: CsvRow[] = [];
  try {
    input.on("error", (e) => parser.destroy(e));
    input.pipe(parser);
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      rows.push({ line: info.lines - newlines(record), cells: record });
      if (rows.length % 1000 === 0) progress(rows.length, info.bytes);
    }
  } catch (e) {
    const error = e as { message?: unknown; lines?: unknown };
    const line = typeof error.lines === "number" ? error.lines : 0;
    return ImportError.of([
      { line, field: "file", message: `not readable as CSV: ${String(error.message ?? e)}` },
    ]);
  }
  progress(rows.length, parser.info.bytes);
  return rows;
};

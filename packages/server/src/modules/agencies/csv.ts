/**
 * CSV as spreadsheets write it (RFC 4180): comma-separated, fields optionally in double quotes with "" for a
 * quote, quoted fields may hold commas and line breaks; CRLF or LF; a leading UTF-8 BOM is ignored.
 */

export interface CsvRecord {
  /** 1-based record number in the file (the header is record 1), as a spreadsheet numbers its rows. */
  row: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Parse the whole text; blank lines are skipped. Throws CsvSyntaxError naming the record. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let row = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ row, fields });
    row++;
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new CsvSyntaxError(row, `第${row}行：引号只能出现在字段开头`);
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRecord();
    } else {
      if (wasQuoted) throw new CsvSyntaxError(row, `第${row}行：引号后的字段未以逗号结束`);
      field += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError(row, `第${row}行：引号未闭合`);
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

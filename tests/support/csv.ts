/** Reads CSV back (RFC 4180: quoted fields may hold commas, quotes and line breaks), for tests of the exports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** CSV text as records keyed by the header's column names. */
export function csvRecords(text: string): { columns: string[]; records: Record<string, string>[] } {
  const [columns, ...rows] = parseCsv(text);
  return { columns, records: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) };
}

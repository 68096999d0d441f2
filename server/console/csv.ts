/** CSV as RFC 4180 has it: CRLF line ends, a header row, fields quoted when they must be. */

export type CsvValue = string | number | null;

function field(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  // A cell a spreadsheet would run as a formula is written as text (OWASP's CSV injection advice).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',') + '\r\n').join('');
}

import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseInstant } from './signals';

/**
 * Panopto's "Session usage" report, exported as CSV from Panopto (or fetched with the SOAP UsageReporting API):
 * last-view dates and owner e-mails for every session in bulk. Column names vary by export; these are matched
 * case-insensitively and can be overridden.
 */

export interface UsageRow {
  lastViewedAt: string | undefined;
  ownerEmail: string | undefined;
}

export type UsageReport = ReadonlyMap<string, UsageRow>;

export const DEFAULT_COLUMNS = {
  sessionId: ['Session ID', 'SessionId', 'Session Id'],
  lastViewed: ['Most Recent View Date', 'Last Viewed', 'Last View Date'],
  email: ['Email', 'Creator Email', 'Owner Email'],
};

function column(headers: string[], candidates: string[]): string | undefined {
  const lower = new Map(headers.map((h) => [h.trim().toLowerCase(), h]));
  for (const candidate of candidates) {
    const found = lower.get(candidate.toLowerCase());
    if (found !== undefined) return found;
  }
  return undefined;
}

export function parseUsageReport(csv: string, columns = DEFAULT_COLUMNS): UsageReport {
  const rows = parse(csv, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: true }) as Array<Record<string, string>>;
  const headers = Object.keys(rows[0] ?? {});
  const idColumn = column(headers, columns.sessionId);
  if (rows.length > 0 && idColumn === undefined) throw new Error(`usage report has no session id column (looked for ${columns.sessionId.join(', ')})`);
  const viewedColumn = column(headers, columns.lastViewed);
  const emailColumn = column(headers, columns.email);
  const report = new Map<string, UsageRow>();
  for (const row of rows) {
    const id = idColumn === undefined ? undefined : row[idColumn];
    if (id === undefined || id === '') continue;
    const viewed = viewedColumn === undefined ? '' : (row[viewedColumn] ?? '');
    const at = viewed === '' ? undefined : parseInstant(viewed);
    const email = emailColumn === undefined ? '' : (row[emailColumn] ?? '');
    report.set(id, {
      lastViewedAt: at?.toISOString(),
      ownerEmail: email.includes('@') ? email.toLowerCase() : undefined,
    });
  }
  return report;
}

export function loadUsageReport(file: string): UsageReport {
  return parseUsageReport(fs.readFileSync(file, 'utf8'));
}

import zlib from 'node:zlib';
import { PanoptoError } from './client';

/**
 * Panopto's Session usage report fetched by the bot, through the SOAP UsageReporting API (PublicAPI 4.6, as Panopto's
 * own samples do): QueueReport asks for a SessionUsage report over a period, and GetReport, on a later run once it is
 * made, answers with a zip holding one CSV (the same CSV an administrator can export by hand, read by usageReport.ts).
 * Signs in as the service account (UserKey and password), so it works with the password grant only. Unsure, for a
 * real tenant to confirm: the report type name, and that GetReport answers the zip itself (not wrapped in SOAP).
 */

const DATA_CONTRACT = 'http://schemas.datacontract.org/2004/07/Panopto.Server.Services.PublicAPI.V40';
export const SESSION_USAGE = 'SessionUsage';

export interface SoapCredentials {
  userKey: string;
  password: string;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function envelope(operation: string, credentials: SoapCredentials, parameters: Record<string, string>): string {
  const params = Object.entries(parameters)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return (
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
    `<${operation} xmlns="http://tempuri.org/"><auth xmlns:a="${DATA_CONTRACT}"><a:Password>${escapeXml(credentials.password)}</a:Password>` +
    `<a:UserKey>${escapeXml(credentials.userKey)}</a:UserKey></auth>${params}</${operation}></s:Body></s:Envelope>`
  );
}

export class UsageReportSoap {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: SoapCredentials,
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Asks Panopto to make a Session usage report for the period; its id, for `fetch` on a later run. */
  async queue(start: Date, end: Date): Promise<string> {
    const response = await this.call('QueueReport', { reportType: SESSION_USAGE, startTime: start.toISOString(), endTime: end.toISOString() });
    const body = await response.text();
    const id = /<QueueReportResult>([^<]+)<\/QueueReportResult>/.exec(body)?.[1];
    if (!response.ok || id === undefined) throw new PanoptoError(`Panopto did not queue the usage report (HTTP ${response.status}${faultOf(body)})`, response.status);
    return id.trim();
  }

  /** The report's CSV, or undefined while Panopto is still making it (or refuses it: the reason is in the log). */
  async fetch(reportId: string): Promise<{ csv: string } | { notReady: string }> {
    const response = await this.call('GetReport', { reportId });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.ok && bytes.subarray(0, 2).toString('latin1') === 'PK') return { csv: firstFileOfZip(bytes).toString('utf8') };
    return { notReady: `HTTP ${response.status}${faultOf(bytes.toString('utf8'))}` };
  }

  private async call(operation: string, parameters: Record<string, string>): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl}/Panopto/PublicAPI/4.6/UsageReporting.svc`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://tempuri.org/IUsageReporting/${operation}"` },
        body: envelope(operation, this.credentials, parameters),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PanoptoError(`Cannot reach Panopto's UsageReporting service (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

function faultOf(body: string): string {
  const fault = /<faultstring[^>]*>([^<]{1,200})<\/faultstring>/.exec(body)?.[1];
  return fault === undefined ? '' : `: ${fault}`;
}

/** The first file of a zip archive (Panopto's report zip holds one CSV), stored or deflated. */
export function firstFileOfZip(zip: Buffer): Buffer {
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip archive');
  const method = zip.readUInt16LE(8);
  const flags = zip.readUInt16LE(6);
  let compressedSize = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  const start = 30 + nameLength + extraLength;
  if ((flags & 0x08) !== 0 && compressedSize === 0) {
    // Sizes in a data descriptor after the data: take them from the central directory instead.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    if (central < 0) throw new Error('zip archive without a central directory');
    compressedSize = zip.readUInt32LE(central + 20);
  }
  const data = zip.subarray(start, start + compressedSize);
  if (method === 0) return Buffer.from(data);
  if (method === 8) return zlib.inflateRawSync(data);
  throw new Error(`zip compression method ${method} is not supported`);
}

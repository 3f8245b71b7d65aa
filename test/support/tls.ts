import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/**
 * HTTPS for fakes of services whose clients send tokens only over https (Microsoft Graph): a certificate for
 * 127.0.0.1 made for this test process, and this process's fetch made to trust it besides the usual roots, with
 * verification on, so the real client runs its real TLS path.
 */

export interface TestCertificate {
  key: string;
  cert: string;
}

let made: TestCertificate | undefined;

export function testCertificate(): TestCertificate {
  if (made !== undefined) return made;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    made = { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
    return made;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Node's fetch (undici) keeps its dispatcher under this documented symbol; undici's setGlobalDispatcher writes it too.
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** Makes fetch in this process trust the certificate too; returns what undoes it. */
export async function trustInThisProcess(certificate: TestCertificate): Promise<() => void> {
  await fetch('data:,'); // creates the default dispatcher, whose class is the one to build another from
  const holder = globalThis as unknown as Record<symbol, { constructor: new (options: object) => unknown } | undefined>;
  const before = holder[GLOBAL_DISPATCHER];
  if (before === undefined) throw new Error('this Node has no global fetch dispatcher to extend');
  holder[GLOBAL_DISPATCHER] = new before.constructor({ connect: { ca: [...tls.rootCertificates, certificate.cert] } }) as typeof before;
  return () => {
    holder[GLOBAL_DISPATCHER] = before;
  };
}

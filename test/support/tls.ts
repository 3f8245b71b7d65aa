import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';

/**
 * HTTPS for fakes of services whose clients send tokens only over https (Microsoft Graph): a certificate for
 * 127.0.0.1 (test/fixtures/tls, self-signed, made for these tests only and valid for a century), and this process's
 * fetch made to trust it besides the usual roots, with verification on, so the real client runs its real TLS path.
 */

export interface TestCertificate {
  key: string;
  cert: string;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'tls');

export function testCertificate(): TestCertificate {
  return { key: fs.readFileSync(path.join(FIXTURES, 'loopback-key.pem'), 'utf8'), cert: fs.readFileSync(path.join(FIXTURES, 'loopback-cert.pem'), 'utf8') };
}

// Node's fetch (undici) keeps its dispatcher under this symbol; undici's own setGlobalDispatcher writes it too.
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

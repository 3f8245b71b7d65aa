import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type http from 'node:http';
import { originOf, startServer, stopServer } from './httpServer';

/**
 * The Bot Framework's token signing keys as Teams' channel publishes them: an OpenID metadata document pointing at a
 * JWKS with one RSA key of ours, so tests can sign tokens the real SDK validation accepts, and forge ones it must not.
 */
export class FakeOpenId {
  readonly keyId = 'test-signing-key';
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** Status to answer metadata requests with instead of the document (e.g. 500), for outage tests. */
  failWith: number | undefined;
  private server: http.Server | undefined;

  constructor() {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  }

  get metadataUrl(): string {
    return `${originOf(this.server)}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<void> {
    this.server = await startServer((req, _body, res) => {
      if (this.failWith !== undefined) {
        res.writeHead(this.failWith);
        res.end();
        return;
      }
      const origin = originOf(this.server);
      const body =
        req.url === '/v1/.well-known/openidconfiguration'
          ? { issuer: 'https://api.botframework.com', jwks_uri: `${origin}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }
          : { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.keyId, kty: 'RSA', use: 'sig', endorsements: ['msteams'] }] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** The claims the channel puts in a token for this bot, valid for an hour. */
  claims(appId: string, serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: 'https://api.botframework.com', aud: appId, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
  }

  /** A token signed with our key (RS256), or as an attacker would make one. */
  token(claims: Record<string, unknown>, how: 'valid' | 'wrong-signature' | 'alg-none' | 'hs256-with-public-key' = 'valid'): string {
    const alg = how === 'alg-none' ? 'none' : how === 'hs256-with-public-key' ? 'HS256' : 'RS256';
    const signingInput = `${encode({ alg, typ: 'JWT', kid: this.keyId })}.${encode(claims)}`;
    if (how === 'alg-none') return `${signingInput}.`;
    if (how === 'hs256-with-public-key') {
      // The classic confusion: the public key (which anyone can read) used as an HMAC secret.
      const secret = this.publicKey.export({ format: 'pem', type: 'spki' });
      return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
    }
    const signature = sign('sha256', Buffer.from(signingInput), this.privateKey);
    if (how === 'wrong-signature') signature[0] = (signature[0] ?? 0) ^ 0xff;
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

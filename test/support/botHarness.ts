import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { FakeConnector } from '../fakes/connector';
import { azureEnv, freshAzureStore } from './azurite';

const azureStores = new Map<string, Record<string, string>>();

/** The real bot over HTTP on a free port, with a fake connector as its serviceUrl and a fresh SQLite file. */
export class BotHarness {
  readonly connector = new FakeConnector();
  readonly logLines: string[] = [];
  app!: App;
  dir!: string;
  private baseUrl = '';

  constructor(private readonly env: Record<string, string> = {}) {}

  get endpoint(): string {
    return `${this.baseUrl}/api/messages`;
  }

  get databaseFile(): string {
    return path.join(this.dir, 'bot.db');
  }

  async start(options: { dir?: string } = {}): Promise<this> {
    this.dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rules-bot-'));
    await this.connector.start();
    // TEST_STORE=azure runs a suite against Azure Storage (Azurite) instead of the SQLite file.
    // A restart on the same folder finds the same storage, as it finds the same SQLite file.
    const store = process.env['TEST_STORE'] === 'azure' ? (azureStores.get(this.dir) ?? azureStores.set(this.dir, azureEnv(await freshAzureStore())).get(this.dir)) : {};
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug', DATABASE_FILE: this.databaseFile, PORT: '0', ...store, ...this.env });
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    this.app = buildApp(config, createLogger(config.logLevel, sink));
    await new Promise<void>((resolve) => this.app.server.listen(0, '127.0.0.1', resolve));
    const address = this.app.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(options: { keepFiles?: boolean } = {}): Promise<void> {
    await this.app.close();
    await this.connector.stop();
    if (options.keepFiles !== true) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async get(pathname: string): Promise<Response> {
    return fetch(`${this.baseUrl}${pathname}`);
  }

  /** Posts an activity as Teams would; the turn (and every reply to the connector) is done when this resolves. */
  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ serviceUrl: this.connector.url, ...activity }),
    });
  }

  /** Posts an activity and returns the activities the bot sent to the connector during that turn. */
  async turn(activity: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
    const before = this.connector.calls.length;
    const response = await this.post(activity);
    if (response.status >= 300) throw new Error(`bot answered ${response.status}: ${await response.text()}`);
    return this.connector.calls.slice(before).filter((c) => c.method === 'POST' && c.path.includes('/activities')).map((c) => c.body);
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../bot/storage/repositories';
import { openStore } from '../../bot/storage/openStore';
import { freshAzureStore } from './azurite';

/**
 * The repository specification runs on every backend: the embedded SQLite file and Azure Storage (Azurite).
 * `open()` gives a store of its own (a new file, a new name prefix); `reopen()` a second handle on the same one,
 * as a restart or a second instance would see it.
 */
export interface Backend {
  name: 'sqlite' | 'azure';
  open(): Promise<{ store: Store; reopen(): Store }>;
}

export const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-')), 'bot.db');
      return { store: openStore({ kind: 'sqlite', file }), reopen: () => openStore({ kind: 'sqlite', file }) };
    },
  },
  {
    name: 'azure',
    async open() {
      const config = await freshAzureStore();
      return { store: openStore(config), reopen: () => openStore(config) };
    },
  },
];

/** `describe` once per backend: "Conversations (sqlite)", "Conversations (azure)". */
export function describeEachBackend(title: string, body: (backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`${title} (${backend.name})`, function () {
      this.timeout(30_000);
      body(backend);
    });
  }
}

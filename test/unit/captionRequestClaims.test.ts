import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import type { Store } from '../../bot/storage/repositories';

/** One caption request per video, in the store: claimed before Panopto is asked, so nothing is ordered twice or lost. */
describe('Caption request claims (SQLite file)', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caption-claims-'));
    store = openSqliteStore(path.join(dir, 'bot.db'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const claim = (at: string, staleBefore = '2026-11-30T09:50:00Z') => store.declarations.claimCaptionRequest('v1', 'user-1', at, staleBefore);

  it('the first claim wins; a second one sees the request under way, then made', async () => {
    assert.equal(await claim('2026-11-30T10:00:00Z'), 'claimed');
    assert.equal(await claim('2026-11-30T10:00:01Z'), 'scheduling');
    assert.equal((await store.declarations.get('v1')).captionsRequestedAt, undefined, 'not requested until Panopto says so');
    await store.declarations.finishCaptionRequest('v1', { scheduled: true });
    assert.equal(await claim('2026-11-30T10:00:02Z'), 'scheduled');
    assert.equal((await store.declarations.get('v1')).captionsRequestedAt, '2026-11-30T10:00:00Z');
  });

  it('a refused or failed request frees the claim, so the owner may try again', async () => {
    assert.equal(await claim('2026-11-30T10:00:00Z'), 'claimed');
    await store.declarations.finishCaptionRequest('v1', { scheduled: false, problem: 'HTTP 503' });
    assert.equal((await store.declarations.get('v1')).captionsRequestedAt, undefined);
    assert.equal(await claim('2026-11-30T10:01:00Z'), 'claimed');
  });

  it('a claim left by a crash before Panopto answered may be taken again once it is stale, not before', async () => {
    assert.equal(await claim('2026-11-30T09:45:00Z'), 'claimed');
    assert.equal(await claim('2026-11-30T09:49:00Z', '2026-11-30T09:39:00Z'), 'scheduling');
    assert.equal(await claim('2026-11-30T09:56:00Z', '2026-11-30T09:46:00Z'), 'claimed');
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../bot/storage/openStore';

/**
 * Two processes on one SQLite file (the server and `npm run reminders`, or two instances in development) racing on
 * the same records. Each process decides the same requests at the same instant: every request is decided once, and
 * the other process is told it was already decided, never given a database error.
 */

const run = promisify(execFile);
const CHILD = path.resolve(__dirname, '../support/decideInChild.ts');
const REQUESTS = 150;

describe('One SQLite file, two processes deciding the same requests at once', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-bot-race-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decides each request once; the other process reads "already decided", never SQLITE_BUSY', async () => {
    const file = path.join(dir, 'bot.db');
    const store = openStore({ kind: 'sqlite', file });
    const ids: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const { request } = await store.extensions.create({
        videoId: `video-${i}`,
        ownerKey: 'maija@xamk.fi',
        requestedBy: '29:maija',
        requestedByName: 'Maija',
        justification: 'Used in the course every spring.',
        requestedUntil: '2029-01-01',
        trashDateAtRequest: '2027-01-01',
        createdAt: new Date().toISOString(),
      });
      ids.push(request.id);
    }
    const startAt = String(Date.now() + 4000);
    const results = await Promise.all(
      ['Sanna', 'Pekka'].map(async (decider) => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, file, decider, startAt, ids.join(',')]);
        return JSON.parse(stdout) as { late: boolean; outcomes: Record<string, string> };
      }),
    );
    assert.ok(results.every((r) => !r.late), 'both processes were ready before the agreed instant');
    const errors = results.flatMap((r) => Object.values(r.outcomes).filter((o) => o.startsWith('error')));
    assert.deepEqual(errors, []);
    for (const id of ids) {
      assert.deepEqual(results.map((r) => r.outcomes[id]).sort(), ['already', 'decided'], `request ${id}`);
      assert.equal((await store.extensions.audit(id)).filter((e) => e.action === 'approved').length, 1);
    }
    await store.close();
  });
});

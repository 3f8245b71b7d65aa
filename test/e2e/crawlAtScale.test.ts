import assert from 'node:assert/strict';
import { createLogger } from '../../bot/logger';
import { PanoptoClient } from '../../bot/panopto/client';
import { EndpointPacer, type PanoptoLimits } from '../../bot/panopto/pacing';
import { PanoptoSource } from '../../bot/panopto/panoptoSource';
import { createReminders } from '../../bot/compose/reminders';
import type { RunReport } from '../../bot/reminders/reminderService';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI } from '../support/activities';
import { replyText } from '../support/cards';
import { FakePanopto } from '../fakes/panopto';
import { FAST, daysAgo, sentTo, botThatMetOwners } from '../support/reminderScene';

/**
 * A tenant larger than Panopto's limits let one run read: the fake enforces the limits per endpoint (time-scaled, an
 * "hour" is a minute), the run has a budget, and the next run goes on from where it stopped.
 */

const TIME_SCALE = 60;
/** 25 reads an "hour" per endpoint: 30 sessions cannot all be read in one run. */
const LIMITS: PanoptoLimits = { perSecond: 5, perMinute: 20, perHour: 25 };


describe('Crawling a tenant larger than one run can read, within Panopto\'s limits', () => {
  let panopto: FakePanopto;
  let bot: BotHarness;

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 5, limits: { ...LIMITS, timeScale: TIME_SCALE } });
    panopto.incrementalSync = true;
    await panopto.start();
    // Three folders of ten; the two videos due soon are listed last, where a crawl in listing order reads them last.
    // 30 details and 31 viewer pages to read, 25 of each allowed an "hour".
    for (const folder of ['a', 'b', 'c']) {
      panopto.addFolder(folder);
      for (let i = 0; i < 10; i++) {
        panopto.addSession({ Id: `${folder}${i}`, FolderId: folder, Username: 'XAMK\\teppo', StartTime: daysAgo(100 + i), CaptionDownloadUrl: 'https://x/cc' });
      }
    }
    panopto.sessions.delete('c8');
    panopto.sessions.delete('c9');
    panopto.addSession({ Id: 'c8', Name: 'Statistics lecture 1', FolderId: 'c', Username: 'XAMK\\maija', StartTime: daysAgo(10) }); // captions due in 4 days
    panopto.addSession({ Id: 'c9', Name: 'Old orientation', FolderId: 'c', Username: 'XAMK\\matti', StartTime: daysAgo(1000), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(723)] }); // trash in 7 days
    bot = await botThatMetOwners({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'warn' });
  });
  afterEach(async () => {
    await bot.stop();
    await panopto.stop();
  });

  /** One daily run, as a fresh process would make it: its own client and pacer, the crawl's place in the store. */
  const run = async (budgetMs: number): Promise<RunReport & { status: 'done' }> => {
    const p = bot.app.config.panopto;
    assert.ok(p);
    const client = new PanoptoClient({
      baseUrl: p.baseUrl,
      auth: { grant: 'password', clientId: p.clientId, clientSecret: p.clientSecret, username: p.username ?? '', password: p.password ?? '' },
      timeoutMs: 5_000,
      maxAttempts: 3,
      logger: createLogger('silent'),
      pacer: new EndpointPacer(LIMITS, undefined, { timeScale: TIME_SCALE }),
    });
    const { policy, store } = bot.app;
    const source = new PanoptoSource(
      client,
      { baseUrl: p.baseUrl, folderIds: [], ownerEmailDomain: 'xamk.fi', concurrency: 4, policy, viewsWatchDays: 45, crawl: store.crawl, budgetMs },
      createLogger('silent'),
    );
    const report = await createReminders({ config: bot.app.config, policy, store, logger: createLogger('silent'), source }, FAST).service.runOnce();
    assert.equal(report.status, 'done');
    return report as RunReport & { status: 'done' };
  };

  it('never exceeds a limit, reads the videos due soon first, sends their reminders, and says what is left unread', async () => {
    const { summary } = await run(10_000);
    assert.equal(panopto.rateLimited, 0, 'Panopto never had to refuse a request');
    assert.equal(panopto.count('api/v1/sessions/c8'), 2, 'the video due soonest was read (details and viewers)');
    assert.equal(sentTo(bot, MAIJA).length, 1);
    assert.match(replyText(sentTo(bot, MAIJA)[0] ?? {}), /Statistics lecture 1[^]*\(in 4 days\)/);
    assert.match(replyText(sentTo(bot, MATTI)[0] ?? {}), /Old orientation[^]*\(in 7 days\)/);
    assert.deepEqual(summary.crawl, { passComplete: true, foldersLeft: 0, sessionsListed: 30, sessionsNeverRead: 5, readsDeferred: 6, discovery: 'folders', budgetReached: true });
  });

  it('continues the next run where the budget stopped it: every session read exactly once, nothing sent twice', async () => {
    await run(10_000);
    panopto.forgetRequestWindows(); // a day later
    const { summary } = await run(10_000);
    assert.equal(panopto.rateLimited, 0);
    assert.deepEqual(summary.crawl, { passComplete: true, foldersLeft: 0, sessionsListed: 30, sessionsNeverRead: 0, readsDeferred: 0, discovery: 'incremental', budgetReached: false });
    for (const id of panopto.sessions.keys()) {
      if (id === 'c8') continue; // uncaptioned and due: watched every run for captions, by design
      assert.equal(panopto.requests.filter((r) => r.path === `api/v1/sessions/${id}`).length, 1, `details of ${id} read once`);
    }
    assert.equal(sentTo(bot, MAIJA).length, 1, 'the second run has nothing new for Maija');
    assert.equal(summary.sent, 0);
  });

  it('resumes a folder walk cut short by its budget at the page where it stopped', async () => {
    panopto.options.pageSize = 1; // 11 pages per folder: the walk itself outlasts the "hour"
    const first = await run(10_000);
    assert.equal(first.summary.crawl?.passComplete, false);
    assert.ok((first.summary.crawl?.foldersLeft ?? 0) > 0);
    panopto.forgetRequestWindows();
    const second = await run(10_000);
    assert.equal(second.summary.crawl?.passComplete, true);
    assert.equal(second.summary.crawl?.sessionsListed, 30);
    for (const folder of ['a', 'b', 'c']) {
      const pages = panopto.requests.filter((r) => r.path === `api/v1/folders/${folder}/sessions`).map((r) => r.pageNumber);
      assert.deepEqual(pages, [...new Set(pages)], `no page of folder ${folder} was asked for twice`);
    }
    assert.equal(panopto.rateLimited, 0);
  });
});

import assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/identity';
import { createLogger } from '../../bot/logger';
import { GraphDirectory } from '../../bot/people/directory';
import { createReminders } from '../../bot/compose/reminders';
import { realClock, type Clock, type SlidingWindowLimiter } from '../../bot/reminders/rateLimiter';
import type { RunReport } from '../../bot/reminders/reminderService';
import type { SenderOptions } from '../../bot/reminders/sender';
import { scheduleReminders } from '../../bot/reminders/schedule';
import type { Store } from '../../bot/storage/repositories';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, execute, message, personalConversation } from '../support/activities';
import { actionsOf, cardOf, replyText } from '../support/cards';
import { FakeGraph } from '../fakes/graph';
import { FakePanopto } from '../fakes/panopto';
import { DAY, FAST, daysAgo, meet, seedPanopto } from '../support/reminderScene';

/**
 * The failure paths of the daily reminders, driven through the real code: a fake Panopto, Graph and Teams connector
 * at the edges answering 403/503, the real server, store, planner, ledger and sender inside.
 */

const staticToken: TokenCredential = { getToken: async () => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
/** A clock some days (or hours) ahead: the same fake Panopto, seen on a later day. */
const later = (ms: number): Clock => ({ now: () => Date.now() + ms, sleep: realClock.sleep });

const isDigest = (a: Record<string, unknown>) => cardOf(a) !== undefined && replyText(a).includes('Panopto videos');
const digestsTo = (bot: BotHarness, conversationId: string) => bot.connector.sent(conversationId).filter(isDigest);

describe('Reminders when something fails: nothing lost, nothing twice', () => {
  let panopto: FakePanopto;
  let graph: FakeGraph;
  let bot: BotHarness;
  const maijasChat = personalConversation(MAIJA).id;
  const mattisChat = personalConversation(MATTI).id;

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 2 });
    graph = new FakeGraph();
    await Promise.all([panopto.start(), graph.start()]);
    seedPanopto(panopto);
    graph.users.set('ghost@xamk.fi', 'aad-ghost');
    bot = await new BotHarness({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'warn' }).start();
    await meet(bot, MAIJA, 'maija@xamk.fi');
    await meet(bot, MATTI, 'matti@xamk.fi');
    bot.connector.reset();
  });
  afterEach(async () => {
    await bot.stop();
    await Promise.all([panopto.stop(), graph.stop()]);
  });

  const reminders = (options: { sender?: SenderOptions; clock?: Clock; store?: Store; afterRun?: () => Promise<number>; leaseMs?: number; tenantLimiter?: SlidingWindowLimiter } = {}) =>
    createReminders(
      {
        // New 1:1 chats are opened at the fake connector; owners the bot never met are found in the fake Graph.
        config: { ...bot.app.config, teamsServiceUrl: bot.connector.url },
        policy: bot.app.policy,
        store: options.store ?? bot.app.store,
        logger: createLogger('silent'),
        directory: new GraphDirectory(staticToken, graph.url),
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.afterRun === undefined ? {} : { afterRun: options.afterRun }),
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        ...(options.tenantLimiter === undefined ? {} : { tenantLimiter: options.tenantLimiter }),
      },
      options.sender ?? FAST,
    );
  const run = async (options: Parameters<typeof reminders>[0] = {}) => {
    const report = await reminders(options).service.runOnce();
    assert.equal(report.status, 'done');
    return (report as RunReport & { status: 'done' }).summary;
  };
  const createdChats = () => bot.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').map((c) => c.conversationId);

  it('a directory outage for one owner is that owner\'s failure: the run finishes, the others get theirs, the next run reaches them', async () => {
    graph.failFor.set('ghost@xamk.fi', 503);
    let housekeeping = 0;
    const first = await run({ afterRun: async () => ++housekeeping });
    assert.deepEqual({ sent: first.sent, failed: first.failed, unreachable: first.unreachable }, { sent: 2, failed: 1, unreachable: 0 });
    assert.equal(housekeeping, 1, 'the daily housekeeping still ran');
    assert.equal(digestsTo(bot, maijasChat).length, 1);
    assert.equal(digestsTo(bot, mattisChat).length, 1);
    assert.ok((await bot.app.store.outbox.lastFinishedRunStartedAt()) !== undefined, 'the run is recorded as finished');

    graph.failFor.delete('ghost@xamk.fi');
    const second = await run({ clock: later(DAY) });
    assert.equal(second.redelivered, 1);
    assert.equal(second.sent, 1);
    const [chat, ...more] = createdChats();
    assert.equal(more.length, 0);
    const digests = digestsTo(bot, chat ?? '');
    assert.equal(digests.length, 1);
    assert.match(replyText(digests[0] ?? {}), /Ghost lecture/);
  });

  it('a Teams outage longer than the retry budget: the warning comes with the next run while it matters, once, and the run says so', async () => {
    bot.connector.failFor.set(maijasChat, Array.from({ length: FAST.maxAttempts }, () => ({ status: 503 })));
    const first = await run();
    assert.equal(first.failed, 1);
    assert.equal(digestsTo(bot, maijasChat).length, 0);

    const second = await run({ clock: later(DAY) });
    assert.equal(second.redelivered, 2, 'both of her notices are planned again');
    const digests = digestsTo(bot, maijasChat);
    assert.equal(digests.length, 1);
    assert.match(replyText(digests[0] ?? {}), /Statistics lecture 1[^]*Old orientation|Old orientation[^]*Statistics lecture 1/);
    // Later the same day (an hour later could be the next day in the policy's time zone, where new notices are due).
    const third = await run({ clock: later(DAY) });
    assert.equal(third.sent, 0);
    assert.equal(digestsTo(bot, maijasChat).length, 1);
  });

  it('a notice that failed is not sent once it no longer matters: a deletion warning after the trash date', async () => {
    bot.connector.failFor.set(maijasChat, Array.from({ length: FAST.maxAttempts }, () => ({ status: 503 })));
    await run();
    const later8 = await run({ clock: later(8 * DAY) }); // the video went to the trash yesterday
    assert.equal(later8.expiredUndelivered, 1);
    assert.equal(later8.redelivered, 1, 'the caption reminder still matters (now overdue)');
    const [digest, ...more] = digestsTo(bot, maijasChat);
    assert.equal(more.length, 0);
    assert.match(replyText(digest ?? {}), /Statistics lecture 1[^]*Captions overdue/);
    assert.doesNotMatch(replyText(digest ?? {}), /Old orientation/);
  });

  it('a retry carried into the next run joins that run\'s digest: one digest per owner, not two', async () => {
    bot.connector.failFor.set(maijasChat, [{ status: 503 }]);
    const first = await run({ sender: { ...FAST, backoffMs: 60_000, maxWaitMs: 0 } });
    assert.equal(first.waitingForRetry, 1, "Maija's waits for its retry");
    assert.equal(digestsTo(bot, maijasChat).length, 0);
    panopto.addSession({ Id: 'm-new', Name: 'Brand new lecture', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(4) });

    await run({ clock: later(2 * 3_600_000) }); // the retry is due, and there is news for her
    const digests = digestsTo(bot, maijasChat);
    assert.equal(digests.length, 1);
    assert.match(replyText(digests[0] ?? {}), /Statistics lecture 1/);
    assert.match(replyText(digests[0] ?? {}), /Brand new lecture/);
  });

  it('one session Panopto will not show (403 after re-authentication) does not stop the crawl; the run lists it', async () => {
    panopto.fail('api/v1/sessions/m-trash/viewers', { status: 403 }, { status: 403 });
    panopto.fail('api/v1/sessions/g-captions', { status: 403 }, { status: 403 }); // its details, on its first read
    const summary = await run();
    assert.equal(summary.sent, 2, 'Maija and Matti; the unread video is not guessed at');
    assert.deepEqual(summary.unreadableSessions?.map((s) => s.split(':')[0]).sort(), ['g-captions', 'm-trash']);
    assert.match(summary.unreadableSessions?.find((s) => s.startsWith('m-trash')) ?? '', /viewers: .*HTTP 403/);
    assert.match(replyText(digestsTo(bot, mattisChat)[0] ?? {}), /Logistics week 3/);
    assert.match(replyText(digestsTo(bot, maijasChat)[0] ?? {}), /Statistics lecture 1/);
  });

  it('a video deleted in Panopto leaves "my videos"', async () => {
    await run();
    panopto.sessions.delete('m-captions');
    await run({ clock: later(3_600_000) });
    const [mine] = await bot.turn(message('my videos', { user: MAIJA }));
    assert.doesNotMatch(replyText(mine ?? {}), /Statistics lecture 1/);
    assert.match(replyText(mine ?? {}), /Old orientation/);
  });

  it('each attempt is one POST to Teams: a chat that keeps failing gets exactly the attempts the sender states', async function () {
    this.timeout(60_000);
    bot.connector.failFor.set(maijasChat, Array.from({ length: 20 }, () => ({ status: 503 })));
    await run();
    assert.equal(bot.connector.posts.filter((c) => c === maijasChat).length, FAST.maxAttempts);
  });

  it('a send Teams accepted is not sent again when recording it fails', async () => {
    let failures = 1;
    const outbox = new Proxy(bot.app.store.outbox, {
      get(target, property, receiver) {
        if (property === 'markSent' && failures > 0) {
          failures--;
          return async () => {
            throw new Error('SQLITE_BUSY: database is locked');
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const summary = await run({ store: { ...bot.app.store, outbox } });
    assert.equal(summary.sent, 3);
    assert.equal(bot.connector.posts.length, 3, 'one POST per owner');
    const again = await run({ clock: later(3_600_000) });
    assert.equal(again.sent, 0);
    assert.equal(bot.connector.posts.length, 3);
  });

  it('a run that loses its lease to another run stops sending and does not count as done', async () => {
    bot.connector.sendDelayMs = 1_000; // long enough for several lease renewals while the first send is on the wire
    let stolen = false;
    bot.connector.onSend = () => {
      if (stolen) return;
      stolen = true;
      void (async () => {
        const current = await bot.app.store.leases.holder('reminders');
        assert.ok(current);
        await bot.app.store.leases.takeOver('reminders', current.holder, 'elsewhere:1:other-run', new Date(Date.now() + 3_600_000).toISOString());
      })();
    };
    const summary = await run({ sender: { ...FAST, concurrency: 1 }, leaseMs: 150 });
    assert.equal(summary.leaseLost, true);
    assert.equal(bot.connector.posts.length, 1, 'the send in flight finished; no other was started');
    assert.equal(await bot.app.store.outbox.lastFinishedRunStartedAt(), undefined);
  });

  it('"remind me" never sleeps past a deadline still ahead: captions due in 4 days are snoozed for 4, and the button says so', async () => {
    await run();
    const card = cardOf(digestsTo(bot, maijasChat)[0] ?? {});
    const snooze = actionsOf(card).find((a) => a.verb === 'snooze' && a.data?.['videoId'] === 'm-captions');
    assert.equal(snooze?.title, 'Remind me in 4 days');
    assert.equal(actionsOf(card).find((a) => a.verb === 'snooze' && a.data?.['videoId'] === 'm-trash')?.title, 'Remind me in 7 days');
    await bot.post(execute('snooze', snooze?.data, { user: MAIJA }));
    const until = (await bot.app.store.declarations.snoozes()).get('m-captions|caption');
    const inFourDays = new Date(Date.now() + 4 * DAY).toLocaleDateString('sv-SE', { timeZone: bot.app.policy.timeZone });
    assert.equal(until, inFourDays);
  });

  it('replies, card edits and new chats count against the tenant limit the reminder sender shares', async () => {
    const limiter = bot.app.tenantLimiter;
    const before = limiter.acquired;
    const replies = await bot.turn(message('How long are videos kept?', { user: MAIJA }));
    assert.equal(limiter.acquired - before, replies.length);
    const beforeRun = limiter.acquired;
    const summary = await run({ tenantLimiter: limiter });
    // Three digests, and the new chat opened for the owner the bot had never met.
    assert.equal(limiter.acquired - beforeRun, summary.sent + createdChats().length);
    assert.equal(createdChats().length, 1);
  });

  it('a missed daily run is made up: at start, today\'s run happens if it has not; then not again', async () => {
    // Noon UTC today: past the daily 09:00 in Helsinki whatever the time of day the suite runs.
    const noon = new Date();
    noon.setUTCHours(12, 0, 0, 0);
    const { service } = reminders({ clock: later(noon.getTime() - Date.now()) });
    const schedule = scheduleReminders(service, bot.app.policy, createLogger('silent'));
    try {
      const deadline = Date.now() + 20_000;
      while ((await bot.app.store.outbox.lastFinishedRunStartedAt()) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      schedule.stop();
    }
    assert.equal(digestsTo(bot, maijasChat).length, 1, 'the run made at start sent her digest');
    assert.equal((await service.runIfMissed()).status, 'not-due');
    assert.equal(digestsTo(bot, maijasChat).length, 1);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import path from 'node:path';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import type { RunReport } from '../../bot/reminders/reminderService';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, message, personalConversation, type User } from '../support/activities';
import { actionsOf, cardOf, replyText } from '../support/cards';
import { FakePanopto } from '../fakes/panopto';
import { FAST, action, invoke, meet, seedPanopto, sentTo, botThatMetOwners } from '../support/reminderScene';

/** From Panopto to the owner's Teams chat: fake Panopto and connector at the edges, the real server and store inside. */


describe('Proactive reminders, from Panopto to the owner in Teams', () => {
  let panopto: FakePanopto;
  let bot: BotHarness;

  beforeEach(async () => {
    panopto = new FakePanopto({ pageSize: 2 });
    await panopto.start();
    seedPanopto(panopto);
    bot = await botThatMetOwners({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'warn' });
  });
  afterEach(async () => {
    await bot.stop();
    await panopto.stop();
  });

  const reminders = () => createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent') }, FAST);
  const run = async (): Promise<RunReport & { status: 'done' }> => {
    const report = await reminders().service.runOnce();
    assert.equal(report.status, 'done');
    return report as RunReport & { status: 'done' };
  };

  it('sends one digest per owner with their due videos, most urgent first, and lists who it cannot reach', async () => {
    const { summary } = await run();
    assert.deepEqual({ planned: summary.planned, digests: summary.digests, sent: summary.sent, unreachable: summary.unreachable }, { planned: 4, digests: 3, sent: 2, unreachable: 1 });
    assert.match(summary.unreachableOwners.join(), /ghost@xamk\.fi: has not talked to the bot/);

    const [maijas, ...moreForMaija] = sentTo(bot, MAIJA);
    assert.equal(moreForMaija.length, 0);
    const text = replyText(maijas ?? {});
    assert.ok(text.indexOf('Statistics lecture 1') < text.indexOf('Old orientation') || text.indexOf('Old orientation') >= 0);
    assert.match(text, /Captions due by .* \(in 4 days\)/);
    assert.match(text, /Moves to the trash on .* \(in 7 days\)/);
    assert.doesNotMatch(text, /Fine video|Logistics|Ghost/);
    assert.match(replyText(sentTo(bot, MATTI)[0] ?? {}), /Logistics week 3[^]*\(tomorrow\)/);
  });

  it('sends nothing new on a second run the same day', async () => {
    await run();
    const before = bot.connector.sent().length;
    const { summary } = await run();
    assert.equal(summary.sent, 0);
    assert.equal(summary.skipped, 4);
    assert.equal(bot.connector.sent().length, before);
  });

  it('lets the owner act on the card, which updates in place; nobody else can', async () => {
    await run();
    const card = cardOf(sentTo(bot, MAIJA)[0] ?? {});
    const snooze = action(card, 'snooze', 'm-captions');

    const refused = await invoke(bot, 'snooze', snooze.data, MATTI);
    assert.equal(refused.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(refused.value), /Only the video's owner/);

    const done = await invoke(bot, 'snooze', snooze.data, MAIJA);
    assert.equal(done.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(replyText({ attachments: [{ content: done.value }] }), /Snoozed until/);
    assert.ok(!actionsOf(done.value).some((a) => a.verb === 'snooze' && a.data?.['videoId'] === 'm-captions'), 'no second snooze offered');

    const tooShort = await invoke(bot, 'markExempt', { ...action(card, 'markExempt', 'm-captions').data, 'reason_m-captions': 'asdf' }, MAIJA);
    assert.match(String(tooShort.value), /real sentence/);
    const exempt = await invoke(bot, 'markExempt', { ...action(card, 'markExempt', 'm-captions').data, 'reason_m-captions': 'The **same** content is in the course book, chapter 3.' }, MAIJA);
    assert.match(replyText({ attachments: [{ content: exempt.value }] }), /Marked as a media alternative: The \\\*\\\*same\\\*\\\* content/);

    const before = bot.connector.sent(personalConversation(MAIJA).id).length;
    const extension = await invoke(bot, 'requestExtension', action(card, 'requestExtension', 'm-trash').data, MAIJA);
    assert.match(String(extension.value), /continue in the chat/);
    const [prompt] = bot.connector.sent(personalConversation(MAIJA).id).slice(before);
    assert.match(replyText(prompt ?? {}), /Why must "Old orientation" be kept beyond/);
    const notHers = await invoke(bot, 'requestExtension', action(card, 'requestExtension', 'm-trash').data, MATTI);
    assert.match(String(notHers.value), /Only the video's owner/);
  });

  it('refuses forged card data: another owner\'s digest, an unknown video, a bad kind', async () => {
    await run();
    const mattisDigest = Number(action(cardOf(sentTo(bot, MATTI)[0] ?? {}), 'snooze', 't-captions').data?.['digestId']);
    const forged = await invoke(bot, 'captionsPublished', { videoId: 'm-captions', view: 'digest', digestId: mattisDigest }, MAIJA);
    assert.match(String(forged.value), /Only the video's owner/);
    assert.equal((await bot.app.store.declarations.get('m-captions')).captionsConfirmedAt !== undefined, true, 'the action itself was hers to take');
    const unknown = await invoke(bot, 'snooze', { videoId: 'no-such-video', kind: 'caption' }, MAIJA);
    assert.match(String(unknown.value), /could not find/);
    const badKind = await invoke(bot, 'snooze', { videoId: 'm-captions', kind: 'forever' }, MAIJA);
    assert.match(String(badKind.value), /does not apply/);
  });

  it('shows "my videos" on demand, and "captions are published" stops the caption reminders', async () => {
    const [early] = await bot.turn(message('my videos', { user: MAIJA }));
    assert.match(replyText(early ?? {}), /not read Panopto yet/);
    await run();
    const [mine] = await bot.turn(message('my videos', { user: MAIJA }));
    assert.match(replyText(mine ?? {}), /Statistics lecture 1[^]*Old orientation/);
    await invoke(bot, 'captionsPublished', { videoId: 'm-captions', view: 'myVideos', digestId: 0 }, MAIJA);
    const { summary } = await run();
    assert.equal(summary.planned, 0, 'nothing new: the confirmed video gets no further caption reminder');
    assert.equal((await bot.app.store.declarations.get('m-captions')).captionsConfirmedAt !== undefined, true);
  });

  it('retries a failed send and marks a blocked chat unusable instead of retrying it', async () => {
    bot.connector.failFor.set(personalConversation(MAIJA).id, [{ status: 503 }]);
    bot.connector.failFor.set(personalConversation(MATTI).id, [{ status: 403, body: { error: { code: 'ConversationBlockedByUser', message: 'blocked' } } }]);
    const { summary } = await run();
    assert.equal(summary.sent, 1, "Maija's digest went through on the retry");
    assert.equal(sentTo(bot, MAIJA).length, 1);
    assert.equal(summary.unreachable, 2);
    assert.match((await bot.app.store.conversations.getConversation(personalConversation(MATTI).id))?.unusableReason ?? '', /ConversationBlockedByUser/);
    await bot.turn(message('hello', { user: MATTI }));
    assert.equal((await bot.app.store.conversations.getConversation(personalConversation(MATTI).id))?.unusableReason, undefined, 'writing to the bot unblocks');
  });

  it('never runs twice at once: a second run started meanwhile does nothing', async () => {
    const [a, b] = await Promise.all([reminders().service.runOnce(), reminders().service.runOnce()]);
    assert.deepEqual([a.status, b.status].sort(), ['busy', 'done']);
    assert.equal(sentTo(bot, MAIJA).length, 1);
  });

  it('a run killed halfway and restarted delivers every digest exactly once', async function () {
    this.timeout(60_000);
    // A third reachable owner, so the crash can fall between sends.
    const liisa: User = { id: '29:liisa', name: 'Liisa', aadObjectId: '00000000-0000-0000-0000-0000000000c3' };
    await meet(bot, liisa, 'ghost@xamk.fi');
    bot.connector.reset();
    const env = { ...process.env, ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', DATABASE_FILE: bot.databaseFile, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
    const cli = path.resolve(__dirname, '../../bot/remindersCli.ts');

    bot.connector.holdAfter = 1;
    const first = spawn(process.execPath, ['--import', 'tsx', cli, '--once'], { env, stdio: 'ignore' });
    // Killed between sends: Teams accepted one digest (recorded as sent), the next is in flight and never answered.
    // (The one moment no sender can cover, between Teams accepting a message and the outbox recording it, is
    // described in README, "Delivery".)
    const db = new Database(bot.databaseFile, { readonly: true });
    const sentRecorded = () => (db.prepare("SELECT COUNT(*) AS n FROM digests WHERE state = 'sent'").get() as { n: number }).n;
    const deadline = Date.now() + 30_000;
    while ((bot.connector.held.length === 0 || sentRecorded() < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    db.close();
    assert.equal(bot.connector.held.length > 0, true, 'the run reached its second send');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    bot.connector.dropHeld();
    bot.connector.holdAfter = undefined;
    assert.equal(bot.connector.sent().length, 1);

    const second = spawn(process.execPath, ['--import', 'tsx', cli, '--once'], { env, stdio: 'ignore' });
    const code = await new Promise((r) => second.once('exit', r));
    assert.equal(code, 0);
    for (const user of [MAIJA, MATTI, liisa]) assert.equal(sentTo(bot, user).length, 1, `${user.name} got exactly one digest`);
    const { summary } = await run();
    assert.equal(summary.sent, 0);
  });

  it('a kill -9 while Teams holds the answer to a send resends at most that one digest (README, "Delivery")', async function () {
    this.timeout(60_000);
    const liisa: User = { id: '29:liisa', name: 'Liisa', aadObjectId: '00000000-0000-0000-0000-0000000000c3' };
    await meet(bot, liisa, 'ghost@xamk.fi');
    bot.connector.reset();
    const env = { ...process.env, ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', DATABASE_FILE: bot.databaseFile, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
    const cli = path.resolve(__dirname, '../../bot/remindersCli.ts');

    // Teams takes every message it is given, and no answer comes back: the worst moment for a crash.
    bot.connector.holdAnswers = true;
    const first = spawn(process.execPath, ['--import', 'tsx', cli, '--once'], { env, stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (bot.connector.held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500)); // time for any other send the run would start meanwhile
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    bot.connector.dropHeld();
    bot.connector.holdAnswers = false;
    const onTheWire = bot.connector.sent().length;
    assert.equal(onTheWire, 1, 'one digest on the wire at a time');

    const second = spawn(process.execPath, ['--import', 'tsx', cli, '--once'], { env, stdio: 'ignore' });
    assert.equal(await new Promise((r) => second.once('exit', r)), 0);
    const received = [MAIJA, MATTI, liisa].map((user) => sentTo(bot, user).length);
    assert.ok(received.every((n) => n >= 1), 'nobody is left without their digest');
    assert.equal(received.reduce((a, b) => a + b, 0) - 3, 1, 'exactly the one digest on the wire at the crash came twice');
  });
});

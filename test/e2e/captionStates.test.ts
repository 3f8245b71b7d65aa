import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import type { RunReport } from '../../bot/reminders/reminderService';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, execute, message, personalConversation, type User } from '../support/activities';
import { actionsOf, cardOf, replyText } from '../support/cards';
import { FakePanopto } from '../fakes/panopto';
import { FAST, action, daysAgo, invoke, botThatMetOwners } from '../support/reminderScene';

/**
 * Captions as Panopto's accessibility preview tells them apart (none, automatic only, requested), from the fake
 * Panopto through the real server and store to the owner's card; and "Request captions" from that card.
 */

/** The institution's policy with a caption provider named (who pays, too). */
function policyWithProvider(): string {
  const policy = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'), 'utf8')) as Record<string, unknown>;
  policy['captions'] = { countAsCaptioned: [], provider: { name: 'Verbit', paidBy: { en: 'Your department pays for them.', fi: 'Kustannukset maksaa yksikkösi.' } } };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'captions-policy-')), 'policy.json'); // small; left to the OS's temp cleanup
  fs.writeFileSync(file, JSON.stringify(policy));
  return file;
}

function seed(panopto: FakePanopto): void {
  panopto.addFolder('lectures');
  const common = { FolderId: 'lectures', Username: 'XAMK\\maija' };
  panopto.addSession({ ...common, Id: 'asr', Name: 'Automatic only', StartTime: daysAgo(10), CaptionDownloadUrl: 'https://x/asr', captionReason: 'AlreadyHasAsrCaptions' }); // 4 days left
  panopto.addSession({ ...common, Id: 'pending', Name: 'Being captioned', StartTime: daysAgo(13), captionReason: 'PendingRequest' }); // 1 day left
  panopto.addSession({ ...common, Id: 'edits', Name: 'Captions being edited', StartTime: daysAgo(10), captionReason: 'PendingEdits' });
  panopto.addSession({ ...common, Id: 'late', Name: 'Requested too late', StartTime: daysAgo(16), captionReason: 'PendingRequest' }); // 2 days overdue
  panopto.addSession({ ...common, Id: 'human', Name: 'Properly captioned', StartTime: daysAgo(10), CaptionDownloadUrl: 'https://x/cc', captionReason: 'AlreadyHasCaptions' });
  panopto.addSession({ ...common, Id: 'none', Name: 'No captions', StartTime: daysAgo(10) });
}

/** Each video's lines on a card: its title and what is said of it. */
function linesOf(card: unknown): Map<string, string> {
  const containers = ((card as { body?: Array<{ type: string; items?: Array<{ text?: string }> }> }).body ?? []).filter((b) => b.type === 'Container');
  return new Map(containers.map((c) => [c.items?.[0]?.text ?? '', (c.items ?? []).slice(1).map((i) => i.text ?? '').join(' | ')]));
}

const UNPACED = { PANOPTO_REQUESTS_PER_SECOND: '1000', PANOPTO_REQUESTS_PER_MINUTE: '60000', PANOPTO_REQUESTS_PER_HOUR: '3600000' };

describe("Caption states from Panopto's accessibility preview", () => {
  let panopto: FakePanopto;
  let bot: BotHarness;

  const start = async (options: { admin: boolean }) => {
    panopto = new FakePanopto({ pageSize: 10, admin: options.admin });
    await panopto.start();
    seed(panopto);
    // Pacing has tests of its own (panoptoPacing, crawlAtScale); here Panopto answers as fast as the caption states need.
    bot = await botThatMetOwners({ ...panopto.env(), ...UNPACED, PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', POLICY_FILE: policyWithProvider(), LOG_LEVEL: 'warn' });
  };
  afterEach(async () => {
    await bot.stop();
    await panopto.stop();
  });

  const run = async (): Promise<RunReport & { status: 'done' }> => {
    const report = await createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent') }, FAST).service.runOnce();
    assert.equal(report.status, 'done');
    return report as RunReport & { status: 'done' };
  };
  const digestOf = (user: User) => {
    const sent = bot.connector.sent(personalConversation(user).id).filter((a) => cardOf(a) !== undefined && replyText(a).includes('Panopto videos'));
    assert.equal(sent.length, 1, 'one digest');
    return cardOf(sent[0] ?? {});
  };

  it('reminds of automatic captions to check, of missing ones, and of requested ones only once the deadline has passed', async () => {
    await start({ admin: true });
    const { summary } = await run();
    assert.equal(summary.captionPreviewUnavailable, undefined);
    assert.equal(panopto.count('api/v1/accessibility/bulk/preview'), 1, 'one batch for six sessions');
    const lines = linesOf(digestOf(MAIJA));
    assert.deepEqual([...lines.keys()].sort(), ['Automatic only', 'No captions', 'Requested too late']);
    assert.match(lines.get('Automatic only') ?? '', /^Automatic captions only: check and correct them by .* \(in 4 days\)/);
    assert.match(lines.get('No captions') ?? '', /^Captions due by .* \(in 4 days\)/);
    assert.match(lines.get('Requested too late') ?? '', /^Captions requested but not ready: they were due .* \(2 days ago\)/);
    const card = digestOf(MAIJA);
    assert.ok(actionsOf(card).some((a) => a.verb === 'automaticCaptionsChecked' && a.data?.['videoId'] === 'asr'));
    assert.ok(!actionsOf(card).some((a) => a.verb === 'captionsPublished' && a.data?.['videoId'] === 'asr'), '"captions are published" is not the question for automatic captions');

    const [mine] = await bot.turn(message('omat videot', { user: MAIJA }));
    const mineLines = linesOf(cardOf(mine ?? {}));
    assert.match(mineLines.get('Being captioned') ?? '', /^Tekstitys on tilattu\. Määräaika on/);
    assert.match(mineLines.get('Automatic only') ?? '', /^Videolla on vain automaattinen tekstitys: tarkista ja korjaa se viimeistään/);
    assert.equal(mineLines.has('Properly captioned'), false);
  });

  it('"I have checked them" is recorded and leaves nothing to do for that video; only the owner can say so', async () => {
    await start({ admin: true });
    await run();
    const checked = action(digestOf(MAIJA), 'automaticCaptionsChecked', 'asr');
    const refused = await invoke(bot, 'automaticCaptionsChecked', checked.data, MATTI);
    assert.match(String(refused.value), /Only the video's owner/);
    const done = await invoke(bot, 'automaticCaptionsChecked', checked.data, MAIJA);
    assert.equal(done.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(linesOf(done.value).get('Automatic only') ?? '', /✓ You checked the automatic captions/);
    assert.ok(!actionsOf(done.value).some((a) => a.data?.['videoId'] === 'asr' && a.verb !== undefined), 'nothing left to do for it');

    assert.ok((await bot.app.store.declarations.get('asr')).automaticCaptionsCheckedAt !== undefined);
  });

  it('"Request captions" schedules once with the named provider (a double click orders nothing more), records it and updates the card', async () => {
    await start({ admin: true });
    await run();
    const request = action(digestOf(MAIJA), 'requestCaptions', 'none');
    const answers = await Promise.all([invoke(bot, 'requestCaptions', request.data, MAIJA), invoke(bot, 'requestCaptions', request.data, MAIJA)]);
    assert.deepEqual(panopto.scheduled, [{ sessionId: 'none', providerInstanceId: 7 }]);
    // The click that ordered gets the updated card; the other one either the same card or word that it is under way.
    const cards = answers.filter((a) => a.type === 'application/vnd.microsoft.card.adaptive');
    assert.ok(cards.length >= 1);
    for (const answer of answers.filter((a) => a.type !== 'application/vnd.microsoft.card.adaptive')) assert.match(String(answer.value), /already being requested/);
    for (const answer of cards) {
      assert.match(linesOf(answer.value).get('No captions') ?? '', /^Captions requested: due by .*✓ Captions requested/);
      assert.ok(!actionsOf(answer.value).some((a) => a.verb === 'requestCaptions' && a.data?.['videoId'] === 'none'), 'no second request offered');
    }
    const again = await invoke(bot, 'requestCaptions', request.data, MAIJA);
    assert.equal(again.type, 'application/vnd.microsoft.card.adaptive', 'a stale card clicked again shows the request');
    assert.equal(panopto.count('api/v1/accessibility/bulk/schedule'), 1);
    assert.ok((await bot.app.store.declarations.get('none')).captionsRequestedAt !== undefined);

    const { summary } = await run();
    assert.equal(summary.planned, 0, 'requested: no nagging before the deadline');
  });

  it('automatic captions can be replaced by requested ones: the card shows the request at once, and the next run agrees', async () => {
    await start({ admin: true });
    await run();
    const answer = await invoke(bot, 'requestCaptions', action(digestOf(MAIJA), 'requestCaptions', 'asr').data, MAIJA);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(linesOf(answer.value).get('Automatic only') ?? '', /^Captions requested: due by .*✓ Captions requested/);
    assert.deepEqual(panopto.scheduled, [{ sessionId: 'asr', providerInstanceId: 7 }]);
    await run();
    assert.equal((await bot.app.store.videos.getVideo('asr'))?.captionEvidence, 'requested', 'Panopto now shows the request');
    const [mine] = await bot.turn(message('my videos', { user: MAIJA }));
    assert.match(linesOf(cardOf(mine ?? {})).get('Automatic only') ?? '', /^Captions requested: due by/);
  });

  it('says plainly when Panopto refuses or fails a request, orders nothing, and lets the owner try again', async () => {
    await start({ admin: true });
    await run();
    const request = action(digestOf(MAIJA), 'requestCaptions', 'none');
    const notHers = await invoke(bot, 'requestCaptions', request.data, MATTI);
    assert.match(String(notHers.value), /Only the video's owner/);

    panopto.fail('api/v1/accessibility/bulk/schedule', { status: 503 });
    const failed = await invoke(bot, 'requestCaptions', request.data, MAIJA);
    assert.equal(failed.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(failed.value), /^Captions were not requested\. Panopto did not answer/);
    assert.equal(panopto.count('api/v1/accessibility/bulk/schedule'), 1, 'a failed order is not sent twice');
    assert.equal((await bot.app.store.declarations.get('none')).captionsRequestedAt, undefined);

    panopto.sessions.get('none')!.captionReason = 'NoPrimaryStream';
    const refused = await invoke(bot, 'requestCaptions', request.data, MAIJA);
    assert.match(String(refused.value), /Panopto cannot caption this video: it has no audio or video stream/);
    const refusedFi = (await (await bot.post(execute('requestCaptions', request.data, { user: MAIJA, locale: 'fi-FI' }))).json()) as { value: unknown };
    assert.match(String(refusedFi.value), /^Tekstitystä ei tilattu\. Panopto ei voi tekstittää tätä videota/);

    panopto.sessions.get('none')!.captionReason = 'None';
    const ok = await invoke(bot, 'requestCaptions', request.data, MAIJA);
    assert.equal(ok.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(panopto.scheduled.length, 1);
  });

  it('asks the preview about at most 100 sessions at a time, and only about videos whose caption deadline still matters', async () => {
    await start({ admin: true });
    for (let i = 0; i < 110; i++) panopto.addSession({ Id: `bulk-${i}`, FolderId: 'lectures', Username: 'XAMK\\other', StartTime: daysAgo(5), CaptionDownloadUrl: 'https://x/cc', captionReason: 'AlreadyHasCaptions' });
    panopto.addSession({ Id: 'ancient', FolderId: 'lectures', Username: 'XAMK\\other', StartTime: daysAgo(400), viewers: [daysAgo(1)] });
    await run();
    assert.deepEqual(panopto.previewed.map((ids) => ids.length), [100, 16]);
    assert.ok(!panopto.previewed.flat().includes('ancient'), 'captions due over a year ago: not asked about');
    // Known to be captioned now: not asked about again.
    await run();
    assert.equal(panopto.requests.filter((r) => r.path === 'api/v1/accessibility/bulk/preview').length, 3);
  });

  it('a site without the preview (404), or one failing, leaves captions to the caption file; the run succeeds and says why', async () => {
    await start({ admin: true });
    panopto.fail('api/v1/accessibility/bulk/preview', { status: 404 });
    const { summary } = await run();
    assert.match(summary.captionPreviewUnavailable ?? '', /has no accessibility preview/);
    assert.equal(summary.sent, 1);
    panopto.fail('api/v1/accessibility/bulk/preview', { status: 400 });
    const second = await run();
    assert.match(second.summary.captionPreviewUnavailable ?? '', /accessibility preview failed/);
  });

  it('falls back to caption files when the preview is not permitted (403), says so in the run summary, and the run succeeds', async () => {
    await start({ admin: false });
    const { summary } = await run();
    assert.match(summary.captionPreviewUnavailable ?? '', /does not permit the accessibility preview .*HTTP 403/);
    assert.equal(summary.sent, 1);
    // Without the preview, a caption file counts as captions (automatic or not); no file means none.
    const lines = linesOf(digestOf(MAIJA));
    assert.deepEqual([...lines.keys()].sort(), ['Being captioned', 'Captions being edited', 'No captions', 'Requested too late']);
    assert.match(lines.get('Being captioned') ?? '', /^Captions due by/);
  });
});

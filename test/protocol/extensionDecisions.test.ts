import assert from 'node:assert/strict';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { videoStatus } from '../../bot/rules/videoStatus';
import { MAIJA, MATTI, SUPPORT_CHANNEL, execute, message, personalConversation, submit, type User } from '../support/activities';
import { actionsOf, cardOf, rendered, replyText, visibleText } from '../support/cards';
import { HOSTILE, liveMarkdown } from '../support/markdown';
import { extensionScene, PEKKA, SANNA, TIINA, type Scene } from '../support/extensionScene';

const REASON = 'It is used in the Logistics course every spring and students need it until 2028.';

async function requestExtension(scene: Scene): Promise<{ requestId: number; card: unknown; activityId: string }> {
  for (const text of ['extend', 'Old orientation', REASON, 'one year', 'Send request']) await scene.bot.turn(message(text, { user: MAIJA }));
  const posted = scene.bot.connector.calls.find((c) => c.method === 'POST' && c.conversationId === SUPPORT_CHANNEL.id && cardOf(c.body) !== undefined);
  assert.ok(posted, 'the approval card went to the support channel');
  const card = cardOf(posted.body);
  const requestId = Number(actionsOf(card).find((a) => a.verb === 'approveExtension')?.data?.['requestId']);
  const request = await scene.bot.app.store.extensions.get(requestId);
  assert.ok(request?.supportActivityId !== undefined, 'the card\'s activity id is kept, to edit it later');
  return { requestId, card, activityId: request.supportActivityId };
}

/** A click on the approval card, as an invoke from the support channel. */
async function decide(scene: Scene, verb: string, data: Record<string, unknown>, user: User) {
  const activity = { ...execute(verb, data, { user }), conversation: { ...SUPPORT_CHANNEL, id: `${SUPPORT_CHANNEL.id};messageid=1` } };
  const response = await scene.bot.post(activity);
  return (await response.json()) as { statusCode: number; type: string; value: unknown };
}

const cardText = (body: { value: unknown }) => replyText({ attachments: [{ content: body.value }] });

describe('Support staff decide extension requests', () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await extensionScene();
  });
  afterEach(() => scene.stop());

  it('approval: the card updates for everyone, the owner is told, and the trash date moves', async () => {
    const { requestId, activityId } = await requestExtension(scene);
    const before = await scene.bot.app.store.extensions.get(requestId);
    const body = await decide(scene, 'approveExtension', { requestId }, SANNA);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(body), /Approved by Sanna Support on .*: kept until/);
    assert.match(cardText(body), /To do in Panopto: keep "Old orientation" until/);

    const edit = scene.bot.connector.updates(SUPPORT_CHANNEL.id).find((u) => u.activityId === activityId);
    assert.ok(edit, 'the posted card was edited in place');
    assert.match(replyText(edit.body), /Approved by Sanna Support/);

    const toOwner = scene.bot.connector.sent(personalConversation(MAIJA).id).map(replyText).join('\n');
    assert.match(toOwner, new RegExp(`Your extension request #${requestId} for "Old orientation" was approved by Sanna Support: the video is kept until`));

    const video = await scene.bot.app.store.videos.getVideo('m-trash');
    const status = videoStatus(video!, await scene.bot.app.store.declarations.get('m-trash'), scene.bot.app.policy, new Date().toISOString().slice(0, 10));
    assert.equal(status.lifecycle.trashDate, before?.requestedUntil);
    assert.equal(status.lifecycle.extendedUntil, before?.requestedUntil);

    scene.bot.connector.reset();
    const run = await createReminders({ config: scene.bot.app.config, policy: scene.bot.app.policy, store: scene.bot.app.store, logger: createLogger('silent') }).service.runOnce();
    assert.equal(run.status === 'done' && run.summary.planned, 0, 'no deletion reminder until the new date approaches');
  });

  it('approval with another date', async () => {
    const { requestId } = await requestExtension(scene);
    const body = await decide(scene, 'approveExtension', { requestId, until: '2028-06-30' }, SANNA);
    assert.match(cardText(body), /kept until 30 Jun 2028/);
    assert.equal((await scene.bot.app.store.declarations.get('m-trash')).keepUntil, '2028-06-30');
    const bad = await decide(scene, 'approveExtension', { requestId, until: '2099-01-01' }, PEKKA);
    assert.equal(bad.type, 'application/vnd.microsoft.card.adaptive', 'already decided: the card shows the decision');
  });

  it('an approval date that is no real date, or outside the bounds, is refused with a clear message and changes nothing', async () => {
    const { requestId } = await requestExtension(scene);
    for (const until of ['2027-02-30', '2027-13-45', '2099-01-01', '1999-01-01']) {
      const body = await decide(scene, 'approveExtension', { requestId, until }, SANNA);
      assert.equal(body.type, 'application/vnd.microsoft.activity.message', until);
      assert.match(String(body.value), /cannot be used: choose a date from \d+ \w+ \d{4} to \d+ \w+ \d{4}\. Nothing was decided\./, until);
      assert.equal((await scene.bot.app.store.extensions.get(requestId))?.state, 'pending', until);
    }
  });

  it('the approval card\'s date picker offers exactly the dates an approval accepts', async () => {
    const { requestId, card } = await requestExtension(scene);
    const picker = JSON.stringify(card).match(/"type":"Input\.Date"[^}]*"min":"([\d-]+)","max":"([\d-]+)"/);
    assert.ok(picker, 'the card has a date picker with bounds');
    const [, min = '', max = ''] = picker;
    const dayBefore = new Date(Date.parse(`${min}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const dayAfter = new Date(Date.parse(`${max}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const until of [dayBefore, dayAfter]) assert.match(String((await decide(scene, 'approveExtension', { requestId, until }, SANNA)).value), /cannot be used/, until);
    assert.match(cardText(await decide(scene, 'approveExtension', { requestId, until: min }, SANNA)), /Approved by Sanna Support/);
  });

  it('only support staff may decide; the owner and others are refused and nothing changes', async () => {
    const { requestId } = await requestExtension(scene);
    for (const user of [MAIJA, MATTI]) {
      const body = await decide(scene, 'approveExtension', { requestId }, user);
      assert.match(String(body.value), /Only support staff can decide/);
    }
    assert.equal((await scene.bot.app.store.extensions.get(requestId))?.state, 'pending');
  });

  it('a member of the support channel\'s team may decide (the roster says so), a stranger may not', async () => {
    const { requestId } = await requestExtension(scene);
    const stranger: User = { id: '29:stranger', name: 'Stranger', aadObjectId: '00000000-0000-0000-0000-000000000099' };
    assert.match(String((await decide(scene, 'rejectExtension', { requestId, reason: 'No longer needed by the course.' }, stranger)).value), /Only support staff/);
    const body = await decide(scene, 'rejectExtension', { requestId, reason: 'No longer needed by the course.' }, TIINA);
    assert.match(cardText(body), /Rejected by Tiina Team/);
  });

  it('never trusts the card: an unknown request, a bad id, an unknown verb', async () => {
    await requestExtension(scene);
    assert.match(String((await decide(scene, 'approveExtension', { requestId: 99999 }, SANNA)).value), /could not find/);
    assert.match(String((await decide(scene, 'approveExtension', { requestId: 'drop' }, SANNA)).value), /does not apply/);
    assert.equal((await decide(scene, 'approveEverything', { requestId: 1 }, SANNA)).statusCode, 400);
  });

  it('a double click or a stale card: one decision, and the card says who took it', async () => {
    const { requestId } = await requestExtension(scene);
    await decide(scene, 'approveExtension', { requestId }, SANNA);
    const second = await decide(scene, 'rejectExtension', { requestId, reason: 'Changed my mind about this one.' }, PEKKA);
    assert.match(cardText(second), /Approved by Sanna Support/);
    const audit = await scene.bot.app.store.extensions.audit(requestId);
    assert.deepEqual(audit.filter((a) => a.action === 'approved' || a.action === 'rejected').map((a) => `${a.action} ${a.actor}`), ['approved Sanna Support']);
  });

  it('two approvers at the same moment: exactly one decides', async () => {
    const { requestId } = await requestExtension(scene);
    const [a, b] = await Promise.all([
      decide(scene, 'approveExtension', { requestId }, SANNA),
      decide(scene, 'rejectExtension', { requestId, reason: 'Not needed, the course has ended.' }, PEKKA),
    ]);
    const audit = await scene.bot.app.store.extensions.audit(requestId);
    const decisions = audit.filter((e) => e.action === 'approved' || e.action === 'rejected');
    assert.equal(decisions.length, 1);
    const winner = decisions[0]?.actor ?? '';
    for (const body of [a, b]) assert.match(cardText(body), new RegExp(`by ${winner}`));
    const told = scene.bot.connector.sent(personalConversation(MAIJA).id).map(replyText).filter((t) => /was (approved|not approved)/.test(t));
    assert.equal(told.length, 1, 'the owner is told once');
  });

  it('a rejection needs a reason, which the owner reads', async () => {
    const { requestId } = await requestExtension(scene);
    assert.match(String((await decide(scene, 'rejectExtension', { requestId, reason: '  ' }, SANNA)).value), /real sentence/);
    assert.equal((await scene.bot.app.store.extensions.get(requestId))?.state, 'pending');
    await decide(scene, 'rejectExtension', { requestId, reason: 'The course ended in 2024; **archive** it instead.' }, SANNA);
    const toOwner = scene.bot.connector.sent(personalConversation(MAIJA).id).map(replyText).join('\n');
    assert.match(toOwner, /was not approved \(Sanna Support\): The course ended in 2024; \\\*\\\*archive\\\*\\\* it instead\./, 'shown as typed, not as bold');
    assert.match(rendered(toOwner), /The course ended in 2024; \*\*archive\*\* it instead\./);
    assert.equal((await scene.bot.app.store.declarations.get('m-trash')).keepUntil, undefined);
  });

  it('hostile text from Panopto, the owner and support shows as typed everywhere: no links, mentions or formatting', async () => {
    const { app } = scene.bot;
    scene.panopto.addSession({ Id: 'm-hostile', Name: HOSTILE, FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: new Date(Date.now() - 1000 * 86_400_000).toISOString(), CaptionDownloadUrl: 'https://x/cc', viewers: [new Date(Date.now() - 723 * 86_400_000).toISOString()] });
    await createReminders({ config: app.config, policy: app.policy, store: app.store, logger: createLogger('silent') }).service.runOnce();
    const shown: string[] = [];
    const owner = async (activity: Record<string, unknown>) => {
      const replies = await scene.bot.turn(activity);
      // Button titles are plain text in Teams; the question and messages are Markdown.
      shown.push(...replies.map((r) => [typeof r['text'] === 'string' ? r['text'] : '', ...((cardOf(r)?.['body'] as Array<{ text?: string }> | undefined) ?? []).map((b) => b.text ?? '')].join('\n')));
    };
    await owner(submit({ verb: 'requestExtension', videoId: 'm-hostile' }, 'digest-card'));
    await owner(message('We need it every spring: [x](https://evil) **bold** <at>Boss</at> `code` _it_ # Heading', { user: MAIJA }));
    await owner(message('one year', { user: MAIJA }));
    await owner(message('Send request', { user: MAIJA }));
    const request = await app.store.extensions.pendingFor('m-hostile');
    assert.ok(request, 'the request was made');
    const hostileSupport = { ...SANNA, name: 'Sanna [x](https://evil) <at>Boss</at>' };
    const body = await decide(scene, 'rejectExtension', { requestId: request.id, reason: 'Not needed: [x](https://evil) **bold** <at>Boss</at> # no' }, hostileSupport);
    const texts = [
      ...shown,
      visibleText(cardOf(scene.bot.connector.sent(SUPPORT_CHANNEL.id).at(-1) ?? {})),
      visibleText(body.value),
      ...scene.bot.connector.sent(personalConversation(MAIJA).id).map((a) => String(a['text'] ?? '')),
    ];
    for (const text of texts) assert.deepEqual(liveMarkdown(text), [], text);
    const all = rendered(texts.join('\n'));
    assert.match(all, /Rejected by Sanna \[x\]\(https:\/\/evil\) <at>Boss<\/at> on .*: Not needed: \[x\]\(https:\/\/evil\) \*\*bold\*\*/, 'the state line, as typed');
    assert.match(all, /was not approved \(Sanna \[x\]\(https:\/\/evil\) <at>Boss<\/at>\)/, 'the owner\'s message, as typed');
    assert.match(all, /Request an extension for "\[x\]\(https:\/\/evil\) \*\*bold\*\*[^"]*" until/, 'the dialog\'s summary, as typed');
  });

  it('support marks an approval applied in Panopto; "pending" lists it until then', async () => {
    const { requestId } = await requestExtension(scene);
    const pendingBefore = rendered((await scene.bot.turn(message('pending', { user: SANNA }))).map(replyText).join('\n'));
    assert.match(pendingBefore, new RegExp(`#${requestId} Old orientation \\(maija@xamk.fi\\)[^]*waiting 0 day`));
    await decide(scene, 'approveExtension', { requestId }, SANNA);
    assert.match((await scene.bot.turn(message('pending', { user: SANNA }))).map(replyText).join('\n'), /not yet applied in Panopto/);
    const applied = await decide(scene, 'markApplied', { requestId }, PEKKA);
    assert.match(cardText(applied), /Applied in Panopto by Pekka Support/);
    assert.ok(!actionsOf(applied.value).some((a) => a.verb === 'markApplied'));
    assert.match((await scene.bot.turn(message('pending', { user: SANNA }))).map(replyText).join('\n'), /Nothing is waiting/);
    assert.deepEqual((await scene.bot.app.store.extensions.audit(requestId)).map((a) => a.action), ['requested', 'approved', 'owner told', 'applied in Panopto']);
  });

  it('"pending" is for support staff; owners see theirs under "my requests"', async () => {
    const { requestId } = await requestExtension(scene);
    assert.match((await scene.bot.turn(message('pending', { user: MAIJA }))).map(replyText).join('\n'), /pending\*\* is for support staff/);
    assert.match(rendered((await scene.bot.turn(message('my requests', { user: MAIJA }))).map(replyText).join('\n')), new RegExp(`#${requestId} Old orientation[^]*pending`));
    assert.match((await scene.bot.turn(message('omat pyynnöt', { user: MAIJA }))).map(replyText).join('\n'), /odottaa päätöstä/);
  });

  it('when the support channel cannot be reached, the owner is told the truth and the next daily run posts the request', async () => {
    scene.bot.connector.failFor.set(SUPPORT_CHANNEL.id, [{ status: 403 }]);
    const replies: string[] = [];
    for (const text of ['extend', 'Old orientation', REASON, 'one year', 'Send request']) replies.push(...(await scene.bot.turn(message(text, { user: MAIJA }))).map(replyText));
    assert.match(replies.at(-1) ?? '', /Request #\d+ is saved, but I could not reach the support team/);
    const request = await scene.bot.app.store.extensions.pendingFor('m-trash');
    assert.equal(request?.supportConversationId, undefined, 'no card in the channel yet');
    assert.match((await scene.bot.turn(message('pending', { user: SANNA }))).map(replyText).join('\n'), new RegExp(`#${request?.id} Old orientation`));

    await scene.bot.app.reminders.service.runOnce();
    const posted = scene.bot.connector.sent(SUPPORT_CHANNEL.id).filter((a) => new RegExp(`request #${request?.id}`).test(replyText(a)));
    assert.equal(posted.length, 1, 'posted by the daily run');
    assert.ok((await scene.bot.app.store.extensions.get(request?.id ?? 0))?.supportActivityId !== undefined, 'and kept, to edit in place');
    await scene.bot.app.reminders.service.runOnce();
    assert.equal(scene.bot.connector.sent(SUPPORT_CHANNEL.id).filter((a) => new RegExp(`request #${request?.id}`).test(replyText(a))).length, 1, 'only once');
  });

  it('a request whose card never reached support is posted once when support is back, even if it is already old', async () => {
    scene.bot.connector.failFor.set(SUPPORT_CHANNEL.id, [{ status: 403 }]);
    for (const text of ['extend', 'Old orientation', REASON, 'one year', 'Send request']) await scene.bot.turn(message(text, { user: MAIJA }));
    const request = await scene.bot.app.store.extensions.pendingFor('m-trash');
    const later = new Date(Date.now() + 8 * 86_400_000);
    assert.equal(await scene.bot.app.workflow.daily(later), 1);
    assert.equal(await scene.bot.app.workflow.daily(later), 0);
    assert.equal(scene.bot.connector.sent(SUPPORT_CHANNEL.id).filter((a) => new RegExp(`request #${request?.id}`).test(replyText(a))).length, 1);
  });

  it('a request shown to support once more: the older card loses its buttons, and the decision edits the newer one', async () => {
    const { requestId, activityId } = await requestExtension(scene);
    assert.equal(await scene.bot.app.workflow.daily(new Date(Date.now() + 8 * 86_400_000)), 1);
    const newer = (await scene.bot.app.store.extensions.get(requestId))?.supportActivityId;
    assert.ok(newer !== undefined && newer !== activityId, 'the newer card is the one kept');
    const retired = scene.bot.connector.updates(SUPPORT_CHANNEL.id).find((u) => u.activityId === activityId);
    assert.ok(retired, 'the older card was edited');
    assert.match(replyText(retired.body), /Shown again below on .*: decide on the newer card/);
    assert.deepEqual(actionsOf(cardOf(retired.body)).map((a) => a.verb).filter((v) => v !== undefined), [], 'no live buttons on it');

    await decide(scene, 'approveExtension', { requestId }, SANNA);
    const edited = scene.bot.connector.updates(SUPPORT_CHANNEL.id).filter((u) => u.activityId === newer);
    assert.match(replyText(edited.at(-1)?.body ?? {}), /Approved by Sanna Support/, 'the card support sees now shows the decision');
  });

  it('after an approval, "my videos" shows the video as extended, with nothing left to press for it', async () => {
    const { requestId } = await requestExtension(scene);
    await decide(scene, 'approveExtension', { requestId }, SANNA);
    const [reply] = await scene.bot.turn(message('my videos', { user: MAIJA }));
    const card = cardOf(reply ?? {});
    assert.match(rendered(replyText(reply ?? {})), /Old orientation[^]*Extended until/);
    assert.deepEqual(actionsOf(card).filter((a) => a.data?.['videoId'] === 'm-trash').map((a) => a.verb), [], 'no snooze, no second request');
  });

  it('the owner\'s reminder digest shows what is true whenever Teams refreshes it: after the request, after the approval', async () => {
    let digestId = 0;
    for (let id = 1; id < 20 && digestId === 0; id++) if ((await scene.bot.app.store.outbox.get(id))?.ownerKey === 'maija@xamk.fi') digestId = id;
    assert.ok(digestId > 0, 'Maija got a deletion reminder');
    const refreshed = async () => {
      const activity = execute('refreshCard', { view: 'digest', digestId }, { user: MAIJA });
      const response = await scene.bot.post({ ...activity, value: { ...activity.value, trigger: 'automatic' } });
      const body = (await response.json()) as { type: string; value: Record<string, unknown> };
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.equal((body.value['refresh'] as { action?: { verb?: string } } | undefined)?.action?.verb, 'refreshCard', 'it keeps refreshing');
      return { text: rendered(replyText({ attachments: [{ content: body.value }] })), verbs: actionsOf(body.value).filter((a) => a.data?.['videoId'] === 'm-trash').map((a) => a.verb) };
    };
    const before = await refreshed();
    assert.match(before.text, /Old orientation[^]*in 7 days/);
    assert.ok(before.verbs.includes('requestExtension'));

    const { requestId } = await requestExtension(scene);
    const requested = await refreshed();
    assert.match(requested.text, new RegExp(`Extension requested \\(#${requestId}\\)`));
    assert.ok(!requested.verbs.includes('requestExtension'), 'no second request offered');

    await decide(scene, 'approveExtension', { requestId }, SANNA);
    const approved = await refreshed();
    assert.match(approved.text, /Extended until/);
    assert.doesNotMatch(approved.text, /in 7 days/);
    assert.deepEqual(approved.verbs, [], 'nothing left to press for it');
  });

  it('a request waiting too long is shown to support once more, once', async () => {
    const { requestId } = await requestExtension(scene);
    const reminders = () => createReminders({ config: scene.bot.app.config, policy: scene.bot.app.policy, store: scene.bot.app.store, logger: createLogger('silent') });
    scene.bot.connector.reset();
    await reminders().service.runOnce();
    assert.equal(scene.bot.connector.sent(SUPPORT_CHANNEL.id).length, 0, 'not yet: it is new');
    // Eight days later, twice.
    const later = new Date(Date.now() + 8 * 86_400_000);
    const { workflow } = scene.bot.app;
    assert.equal(await workflow.daily(later), 1);
    assert.equal(await workflow.daily(later), 0);
    assert.match(replyText(scene.bot.connector.sent(SUPPORT_CHANNEL.id)[0] ?? {}), new RegExp(`request #${requestId}`));
  });
});

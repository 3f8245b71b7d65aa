import assert from 'node:assert/strict';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/reminders/compose';
import { videoStatus } from '../../bot/rules/videoStatus';
import { MAIJA, MATTI, SUPPORT_CHANNEL, execute, message, personalConversation, type User } from '../support/activities';
import { actionsOf, cardOf, rendered, replyText } from '../support/cards';
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
    assert.match(toOwner, /was not approved \(Sanna Support\): The course ended in 2024; \*\*archive\*\* it instead\./);
    assert.equal((await scene.bot.app.store.declarations.get('m-trash')).keepUntil, undefined);
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
    assert.match((await scene.bot.turn(message('pending', { user: MAIJA }))).map(replyText).join('\n'), /Only support staff/);
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

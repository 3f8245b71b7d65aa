import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { BOT, MAIJA, MATTI, SUPPORT_CHANNEL, botAdded, execute, installed, message, personalConversation, type User } from '../support/activities';
import { actionsOf, cardOf, rendered, replyText } from '../support/cards';

/** Support answers what the bot could not, from the support channel; the asker gets it; the bot learns the wording. */

const SANNA: User = { id: '29:sanna', name: 'Sanna Support', aadObjectId: '00000000-0000-0000-0000-0000000000d4' };
/** In the support channel's team (the roster says so), not among the configured support users. */
const PEKKA: User = { id: '29:pekka', name: 'Pekka Team', aadObjectId: '00000000-0000-0000-0000-0000000000e5' };

const UNKNOWN = 'Is there some kind of heads-up before things vanish?';
const LIFECYCLE_TITLE = 'Video lifecycle: how long videos are kept';

type InvokeBody = { statusCode: number; type: string; value: unknown };
const cardText = (body: InvokeBody) => replyText({ attachments: [{ content: body.value }] });

async function startBot(dir?: string): Promise<BotHarness> {
  const bot = new BotHarness({ SUPPORT_CONVERSATION_ID: SUPPORT_CHANNEL.id, SUPPORT_USERS: 'sanna@xamk.fi', LOG_LEVEL: 'warn' });
  await bot.start(dir === undefined ? {} : { dir });
  for (const [user, email] of [[MAIJA, 'maija@xamk.fi'], [MATTI, 'matti@xamk.fi'], [SANNA, 'sanna@xamk.fi'], [PEKKA, 'pekka@xamk.fi']] as const) {
    bot.connector.members.set(user.id, { id: user.id, name: user.name, aadObjectId: user.aadObjectId, email, userPrincipalName: email });
    await bot.turn(installed({ user }));
  }
  bot.connector.channelMembers.set(SUPPORT_CHANNEL.id, new Set([SANNA.id, PEKKA.id]));
  await bot.turn({ ...botAdded({ conversation: SUPPORT_CHANNEL }), membersAdded: [{ id: BOT.id }] });
  bot.connector.reset();
  return bot;
}

/** A click on a card in the support channel. */
async function inSupport(bot: BotHarness, verb: string, data: Record<string, unknown>, user: User): Promise<InvokeBody> {
  const activity = { ...execute(verb, data, { user }), conversation: { ...SUPPORT_CHANNEL, id: `${SUPPORT_CHANNEL.id};messageid=1` } };
  return (await (await bot.post(activity)).json()) as InvokeBody;
}

/** Asks, forwards, and returns the question id and the card support got. */
async function forwarded(bot: BotHarness, text = UNKNOWN, user = MAIJA): Promise<{ questionId: number; supportCard: Record<string, unknown> }> {
  const [reply] = await bot.turn(message(text, { user }));
  const forward = actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'forwardToSupport');
  assert.ok(forward, 'the bot offers to ask support');
  const questionId = Number(forward.data?.['questionId']);
  await bot.post(execute('forwardToSupport', { questionId }, { user }));
  const posted = bot.connector.sent(SUPPORT_CHANNEL.id).at(-1);
  assert.ok(posted, 'the question reached the support channel');
  bot.connector.reset();
  return { questionId, supportCard: posted };
}

const toAsker = (bot: BotHarness, user = MAIJA) => bot.connector.sent(personalConversation(user).id);

describe('Support answers forwarded questions and teaches the bot', () => {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(() => bot.stop());

  it('the forwarded card: local time, the language by name, English labels, a link to chat with the asker, rules to answer with (best guesses first)', async () => {
    const { supportCard } = await forwarded(bot, 'Voiko poistuvista videoista saada ilmoituksen sähköpostiin?');
    const text = replyText(supportCard);
    assert.match(text, /A question the bot could not answer/);
    assert.match(text, /Language\nFinnish/);
    assert.match(text, /Asked\n\d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}/);
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T/, 'no raw UTC time');
    assert.match(text, /Asked by\nMaija Meikäläinen/);
    assert.match(text, /\[Chat with the asker\]\(https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=maija%40xamk\.fi\)/);
    const choiceSet = JSON.stringify(cardOf(supportCard)).match(/"choices":(\[[^\]]*\])/);
    assert.ok(choiceSet?.[1] !== undefined);
    const values = (JSON.parse(choiceSet[1]) as Array<{ value: string }>).map((c) => c.value);
    assert.ok(values.length >= 20, 'every rule can be chosen');
    assert.ok(values.indexOf('lifecycle') < 3, `the bot's best guess comes first: ${values.join(', ')}`);
    assert.deepEqual(actionsOf(cardOf(supportCard)).filter((a) => a.verb !== undefined).map((a) => a.verb), ['answerWithRule', 'replyToQuestion']);
  });

  it('a support member answers with a rule: the asker gets it in their chat, the card changes for everyone, the next person asking gets the answer directly', async () => {
    const { questionId } = await forwarded(bot);
    const activityId = (await bot.app.store.questions.getQuestion(questionId))?.supportActivityId;
    assert.ok(activityId !== undefined, "the support card's id is kept, to edit it later");

    const body = await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(body), new RegExp(`Answered by Sanna Support with \\*${LIFECYCLE_TITLE}\\*, \\d{1,2} [A-Z][a-z]{2} \\d{2}:\\d{2}`));
    assert.equal(actionsOf(body.value).filter((a) => a.verb !== undefined).length, 0, 'nothing left to answer');

    const edit = bot.connector.updates(SUPPORT_CHANNEL.id).find((u) => u.activityId === activityId);
    assert.ok(edit, 'the posted card was edited in place');
    assert.match(replyText(edit.body), /Answered by Sanna Support with/);

    const delivered = toAsker(bot);
    assert.equal(delivered.length, 1);
    const deliveredText = rendered(replyText(delivered[0] ?? {}));
    assert.match(deliveredText, /Sanna Support from Xamk IT Service Desk answered your question "Is there some kind of heads-up before things vanish\?"/);
    assert.match(deliveredText, new RegExp(LIFECYCLE_TITLE.replace(/[:]/g, '.')));
    assert.doesNotMatch(deliveredText, /Was this helpful/, 'support chose this answer, not the bot');

    const [direct] = await bot.turn(message('will i get a warning e-mail before my old recordings vanish', { user: MATTI }));
    assert.match(replyText(direct ?? {}), new RegExp(LIFECYCLE_TITLE.replace(/[:]/g, '.')));
    assert.ok(actionsOf(cardOf(direct ?? {})).every((a) => a.verb !== 'forwardToSupport'), 'answered, not "I don\'t know"');
  });

  it('answers in the asker\'s language', async () => {
    const { questionId } = await forwarded(bot, 'Voiko poistuvista videoista saada ilmoituksen sähköpostiin?');
    await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA);
    const text = rendered(replyText(toAsker(bot)[0] ?? {}));
    assert.match(text, /Sanna Support \(Xamkin IT-palvelupiste\) vastasi kysymykseesi/);
    assert.match(text, /Lue yleisohjeet/);
  });

  it('a second answer, and two support members answering at once, answer the asker once; the later one sees who did', async () => {
    const { questionId } = await forwarded(bot);
    const [first, second] = await Promise.all([
      inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA),
      inSupport(bot, 'answerWithRule', { questionId, entryId: 'trash' }, PEKKA),
    ]);
    const again = await inSupport(bot, 'replyToQuestion', { questionId, reply: 'Also this.' }, SANNA);
    assert.equal(toAsker(bot).length, 1, 'the asker got one answer');
    const winner = (await bot.app.store.questions.getQuestion(questionId))?.supportAnswer;
    assert.ok(winner !== undefined);
    for (const body of [first, second, again]) assert.match(cardText(body), new RegExp(`Answered by ${winner.byName} with`));
    assert.equal((await bot.app.store.learned.all()).length, 1, 'learned once');
  });

  it('only support staff can answer or teach: a non-member is refused and nothing is sent or learned', async () => {
    const { questionId } = await forwarded(bot);
    for (const verb of ['answerWithRule', 'replyToQuestion']) {
      const body = await inSupport(bot, verb, { questionId, entryId: 'lifecycle', reply: 'Trust me' }, MATTI);
      assert.match(String(body.value), /Only support staff/);
    }
    // Also not by clicking from their own chat, where there is no support team to be a member of.
    const fromChat = (await (await bot.post(execute('answerWithRule', { questionId, entryId: 'lifecycle' }, { user: PEKKA }))).json()) as InvokeBody;
    assert.match(String(fromChat.value), /Only support staff/);
    assert.equal(toAsker(bot).length, 0);
    assert.deepEqual(await bot.app.store.learned.all(), []);
    assert.equal((await bot.app.store.questions.getQuestion(questionId))?.supportAnswer, undefined);
    const [listed] = await bot.turn(message('learned', { user: MATTI }));
    assert.match(replyText(listed ?? {}), /learned\*\* is for support staff/);
  });

  it('a team member of the support channel may answer, and a question never sent to support cannot be answered from a forged card', async () => {
    const [reply] = await bot.turn(message(UNKNOWN));
    const notForwarded = Number(actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'forwardToSupport')?.data?.['questionId']);
    const forged = await inSupport(bot, 'answerWithRule', { questionId: notForwarded, entryId: 'lifecycle' }, PEKKA);
    assert.match(String(forged.value), /could not find/);
    const { questionId } = await forwarded(bot);
    const unknownRule = await inSupport(bot, 'answerWithRule', { questionId, entryId: 'no_such_rule' }, PEKKA);
    assert.match(String(unknownRule.value), /does not apply/);
    const body = await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, PEKKA);
    assert.match(cardText(body), /Answered by Pekka Team/);
  });

  it('a reply in support\'s own words reaches the asker as plain text and teaches nothing', async () => {
    const { questionId } = await forwarded(bot);
    const empty = await inSupport(bot, 'replyToQuestion', { questionId, reply: '   ' }, SANNA);
    assert.match(String(empty.value), /Please write a reply/);
    const tooLong = await inSupport(bot, 'replyToQuestion', { questionId, reply: 'x'.repeat(2001) }, SANNA);
    assert.match(String(tooLong.value), /at most 2000/);
    const body = await inSupport(bot, 'replyToQuestion', { questionId, reply: 'Yes: **Panopto** e-mails you [here](http://evil.example) a month before.' }, SANNA);
    assert.match(cardText(body), /Answered by Sanna Support, [^\n]*:\n[\s\S]*Yes: \\\*\\\*Panopto\\\*\\\*/);
    const delivered = toAsker(bot);
    assert.equal(delivered.length, 1);
    assert.match(String(delivered[0]?.['text']), /Sanna Support from Xamk IT Service Desk answered your question/);
    assert.match(String(delivered[0]?.['text']), /Yes: \\\*\\\*Panopto\\\*\\\* e-mails you \\\[here\]\(http:\/\/evil\.example\)/);
    assert.deepEqual(await bot.app.store.learned.all(), []);
  });

  it('when the asker cannot be reached, nothing is recorded as answered and support can try again', async () => {
    const { questionId } = await forwarded(bot);
    bot.connector.failFor.set(personalConversation(MAIJA).id, [{ status: 403, body: { error: { code: 'ConversationBlockedByUser', message: 'blocked' } } }]);
    const failed = await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA);
    assert.match(String(failed.value), /could not reach the person who asked just now, so nothing was sent/);
    assert.equal((await bot.app.store.questions.getQuestion(questionId))?.supportAnswer, undefined);
    assert.deepEqual(await bot.app.store.learned.all(), []);
    const retried = await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA);
    assert.match(cardText(retried), /Answered by Sanna Support/);
  });

  it('an answer cut short by a crash (claimed, never sent) reaches the asker on the next daily run, once, and is learned once', async () => {
    const { questionId } = await forwarded(bot);
    // What a bot that stopped between taking the answer and sending it leaves behind.
    const claimedAt = new Date(Date.now() - 3_600_000).toISOString();
    assert.equal(await bot.app.store.questions.claimSupportAnswer(questionId, { at: claimedAt, by: SANNA.id, byName: SANNA.name, entryId: 'lifecycle', reply: undefined }), 'claimed');
    await bot.app.reminders.service.runOnce();
    await bot.app.reminders.service.runOnce();
    const delivered = toAsker(bot);
    assert.equal(delivered.length, 1);
    assert.match(rendered(replyText(delivered[0] ?? {})), /Sanna Support from Xamk IT Service Desk answered your question/);
    assert.equal((await bot.app.store.learned.all()).length, 1);
    const activityId = (await bot.app.store.questions.getQuestion(questionId))?.supportActivityId;
    assert.ok(bot.connector.updates(SUPPORT_CHANNEL.id).some((u) => u.activityId === activityId && /Answered by Sanna Support/.test(replyText(u.body))));
  });

  it('support lists learned phrasings and removes one: the bot no longer answers it, and what is learned survives a restart', async () => {
    const { questionId } = await forwarded(bot);
    await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA);

    const [list] = await bot.turn(message('opitut', { user: SANNA, conversation: SUPPORT_CHANNEL }));
    const listText = replyText(list ?? {});
    assert.match(listText, /Learned phrasings \(1\)/);
    assert.match(rendered(listText), /"Is there some kind of heads-up before things vanish\?"/);
    assert.match(listText, /Sanna Support/);
    const remove = actionsOf(cardOf(list ?? {})).find((a) => a.verb === 'forgetPhrasing');
    assert.ok(remove);

    const dir = bot.dir;
    await bot.stop({ keepFiles: true });
    bot = await startBot(dir);
    const [afterRestart] = await bot.turn(message(UNKNOWN, { user: MATTI }));
    assert.match(replyText(afterRestart ?? {}), new RegExp(LIFECYCLE_TITLE.replace(/[:]/g, '.')), 'learned before the restart');

    const refused = await inSupport(bot, 'forgetPhrasing', remove.data ?? {}, MATTI);
    assert.match(String(refused.value), /Only support staff/);
    const body = await inSupport(bot, 'forgetPhrasing', remove.data ?? {}, SANNA);
    assert.match(cardText(body), /Learned phrasings \(0\)/);
    const [after] = await bot.turn(message(UNKNOWN, { user: MATTI }));
    assert.ok(actionsOf(cardOf(after ?? {})).some((a) => a.verb === 'forwardToSupport'), 'back to "I don\'t know"');
  });

  it('a "not helpful" vote goes to support, who can answer it with the right rule', async () => {
    const [reply] = await bot.turn(message('My course only runs every other year, will the recordings disappear?'));
    const no = actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'feedback' && a.data?.['helpful'] === false);
    assert.ok(no);
    const questionId = Number(no.data?.['questionId']);
    await bot.post(execute('feedback', no.data));
    const [card] = bot.connector.sent(SUPPORT_CHANNEL.id);
    assert.ok(card, 'the miss reached support');
    const text = replyText(card);
    assert.match(text, /An answer the asker found not helpful/);
    assert.match(text, /The bot answered\n/);
    const values = [...JSON.stringify(cardOf(card)).matchAll(/"value":"([a-z_]+)"/g)].map((m) => m[1]);
    assert.notEqual(values[0], (await bot.app.store.questions.getQuestion(questionId))?.entryId, 'the answer that missed is not the first guess');

    await bot.post(execute('feedback', no.data));
    assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, 1, 'a second click sends nothing more');

    await inSupport(bot, 'answerWithRule', { questionId, entryId: 'lifecycle' }, SANNA);
    assert.match(rendered(replyText(toAsker(bot).at(-1) ?? {})), /answered your question/);
  });

  it('a "not helpful" vote stands when support cannot be reached; the card waits for the daily run', async () => {
    const [reply] = await bot.turn(message('My course only runs every other year, will the recordings disappear?'));
    const no = actionsOf(cardOf(reply ?? {})).find((a) => a.verb === 'feedback' && a.data?.['helpful'] === false);
    const questionId = Number(no?.data?.['questionId']);
    bot.connector.failFor.set(SUPPORT_CHANNEL.id, [{ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not in roster' } } }]);
    const body = (await (await bot.post(execute('feedback', no?.data))).json()) as InvokeBody;
    assert.match(cardText(body), /Thanks, your feedback was recorded/);
    assert.equal(bot.connector.sent(SUPPORT_CHANNEL.id).length, 0);
    const question = await bot.app.store.questions.getQuestion(questionId);
    assert.equal(question?.helpful, false);
    const inFlight = await bot.app.store.questions.forwardsInFlight(new Date(Date.now() + 60_000).toISOString());
    assert.ok(inFlight.some((q) => q.id === questionId), 'left for the daily run to post');
  });
});

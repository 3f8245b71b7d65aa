import assert from 'node:assert/strict';
import type { AskedQuestion, Store, SupportAnswer } from '../../bot/storage/repositories';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

const ASKER = '29:asker;with@odd/chars#?';
const HOUR_AGO = '2026-11-26T09:00:00.000Z';
const NOW = '2026-11-26T10:00:00.000Z';
const EVER = '2100-01-01T00:00:00.000Z';
const answer = (by: string): SupportAnswer => ({ at: '2026-12-03T12:05:00.000Z', by, byName: `Support ${by}`, entryId: 'lifecycle', reply: undefined });

describeEachBackend('Questions, votes, forwards and support answers', (backend) => {
  const under = storeUnderTest(backend);
  const questions = () => under.store.questions;
  const ask = (store: Store, extra: Partial<Omit<AskedQuestion, 'id' | 'helpful' | 'forwardedAt'>> = {}) =>
    store.questions.recordQuestion({ userId: ASKER, userName: 'U', conversationId: 'a:1', language: 'en', text: 'How long are videos kept?', entryId: undefined, askedAt: NOW, ...extra });

  it('numbers questions uniquely, even when two instances record at once, and keeps them as asked', async () => {
    const other = under.another();
    const recorded = await Promise.all([...Array(6).keys()].map((i) => ask(i % 2 === 0 ? under.store : other, { text: `q${i}` })));
    assert.equal(new Set(recorded.map((q) => q.id)).size, 6);
    const long = 'ä'.repeat(29_999) + '?';
    const q = await ask(under.store, { text: long, language: 'fi', entryId: 'lifecycle', confidence: 'likely' });
    assert.deepEqual(await other.questions.getQuestion(q.id), {
      ...q, supportActivityId: undefined, supportAnswer: undefined,
    });
    assert.equal(await questions().getQuestion(99_999), undefined);
  });

  it('takes one vote per answer, from the asker only, and sums the votes per rule', async () => {
    const q = await ask(under.store, { entryId: 'lifecycle' });
    const other = await ask(under.store, { entryId: 'captions' });
    assert.equal(await questions().recordFeedback(q.id, '29:someone-else', true, NOW), 'not-asker');
    assert.equal(await questions().recordFeedback(q.id, ASKER, true, NOW), 'recorded');
    assert.equal(await questions().recordFeedback(q.id, ASKER, false, NOW), 'already-recorded');
    assert.equal(await questions().recordFeedback(99_999, ASKER, false, NOW), 'not-found');
    assert.equal(await questions().recordFeedback(other.id, ASKER, false, NOW), 'recorded');
    assert.equal((await questions().getQuestion(q.id))?.helpful, true);
    assert.deepEqual(await questions().feedbackSummary(), [
      { entryId: 'captions', helpful: 0, notHelpful: 1 },
      { entryId: 'lifecycle', helpful: 1, notHelpful: 0 },
    ]);
  });

  it('counts one vote when two clicks reach two instances at once', async () => {
    const q = await ask(under.store, { entryId: 'lifecycle' });
    const votes = await Promise.all([questions().recordFeedback(q.id, ASKER, true, NOW), under.another().questions.recordFeedback(q.id, ASKER, false, NOW)]);
    assert.deepEqual(votes.sort(), ['already-recorded', 'recorded']);
    const summary = await questions().feedbackSummary();
    assert.equal((summary[0]?.helpful ?? 0) + (summary[0]?.notHelpful ?? 0), 1);
  });

  it('forwards only questions without a sure answer, asked by the one who forwards', async () => {
    const unanswered = await ask(under.store);
    const sure = await ask(under.store, { entryId: 'lifecycle', confidence: 'sure' });
    const hedged = await ask(under.store, { entryId: 'lifecycle', confidence: 'likely' });
    const disliked = await ask(under.store, { entryId: 'lifecycle', confidence: 'sure' });
    await questions().recordFeedback(disliked.id, ASKER, false, NOW);
    assert.equal(await questions().claimForward(unanswered.id, '29:someone-else', NOW), 'not-asker');
    assert.equal(await questions().claimForward(sure.id, ASKER, NOW), 'not-unanswered');
    assert.equal(await questions().claimForward(99_999, ASKER, NOW), 'not-found');
    for (const q of [unanswered, hedged, disliked]) assert.equal(await questions().claimForward(q.id, ASKER, NOW), 'claimed');
    assert.equal((await questions().getQuestion(unanswered.id))?.forwardedAt, NOW);
  });

  it('lets one forward claim win, even from two instances at once, and a released claim be taken again', async () => {
    const q = await ask(under.store);
    const claims = await Promise.all([questions().claimForward(q.id, ASKER, NOW), under.another().questions.claimForward(q.id, ASKER, NOW)]);
    assert.deepEqual(claims.sort(), ['already-forwarded', 'claimed']);
    await questions().releaseForward(q.id);
    assert.equal((await questions().getQuestion(q.id))?.forwardedAt, undefined);
    assert.equal(await questions().claimForward(q.id, ASKER, NOW), 'claimed');
  });

  it('forwards at most the limit per asker in the window, across instances; released and older forwards do not count', async () => {
    const limit = { since: HOUR_AGO, max: 2 };
    const early = await ask(under.store);
    assert.equal(await questions().claimForward(early.id, ASKER, '2026-11-26T08:00:00.000Z', limit), 'claimed', 'before the window');
    const released = await ask(under.store);
    assert.equal(await questions().claimForward(released.id, ASKER, NOW, limit), 'claimed');
    await questions().releaseForward(released.id);
    const others = [under.store, under.another(), under.another(), under.another()];
    const asked = await Promise.all(others.map((s) => ask(s)));
    const claims = await Promise.all(asked.map((q, i) => others[i]!.questions.claimForward(q.id, ASKER, NOW, limit)));
    assert.deepEqual(claims.sort(), ['claimed', 'claimed', 'too-many', 'too-many']);
    const someoneElse = await ask(under.store, { userId: '29:b' });
    assert.equal(await questions().claimForward(someoneElse.id, '29:b', NOW, limit), 'claimed', 'the limit is per asker');
  });

  it('finds forwards claimed and never delivered (the sender stopped), until they are marked delivered', async () => {
    const q = await ask(under.store);
    const later = await ask(under.store);
    await questions().claimForward(q.id, ASKER, '2026-11-26T10:00:00.000Z');
    await questions().claimForward(later.id, ASKER, '2026-11-26T10:30:00.000Z');
    assert.deepEqual((await questions().forwardsInFlight('2026-11-26T10:10:00.000Z')).map((f) => f.id), [q.id]);
    assert.deepEqual((await questions().forwardsInFlight(EVER)).map((f) => f.id), [q.id, later.id]);
    await questions().markForwardDelivered(q.id, NOW, 'support-card-1');
    await questions().markForwardDelivered(later.id, NOW);
    assert.deepEqual(await questions().forwardsInFlight(EVER), []);
    assert.equal((await questions().getQuestion(q.id))?.supportActivityId, 'support-card-1');
    await questions().markForwardDelivered(99_999, NOW);
  });

  it('takes one support answer per question, even from two instances at once, and keeps who answered', async () => {
    const q = await ask(under.store);
    const other = under.another();
    const claims = await Promise.all([questions().claimSupportAnswer(q.id, answer('s1')), other.questions.claimSupportAnswer(q.id, answer('s2'))]);
    const winner = claims[0] === 'claimed' ? 's1' : 's2';
    assert.deepEqual([...claims].sort(), ['already-answered', 'claimed']);
    assert.deepEqual((await questions().getQuestion(q.id))?.supportAnswer, answer(winner), 'the loser sees who answered');
    assert.deepEqual((await other.questions.getQuestion(q.id))?.supportAnswer, answer(winner));
    assert.equal(await questions().claimSupportAnswer(99_999, answer('s1')), 'not-found');
  });

  it('keeps a support reply as typed and finds answers claimed but never delivered, until delivered or released', async () => {
    const q = await ask(under.store);
    const reply = `Hei! ${'x'.repeat(40_000)} /#?%`;
    assert.equal(await questions().claimSupportAnswer(q.id, { ...answer('s1'), entryId: undefined, reply }), 'claimed');
    assert.deepEqual((await questions().getQuestion(q.id))?.supportAnswer, { ...answer('s1'), entryId: undefined, reply });
    assert.deepEqual((await questions().supportAnswersInFlight(EVER)).map((a) => a.id), [q.id]);
    assert.deepEqual(await questions().supportAnswersInFlight('2026-12-03T12:00:00.000Z'), [], 'claimed after');
    await questions().markSupportAnswerDelivered(q.id, '2026-12-03T12:05:01.000Z');
    assert.deepEqual(await questions().supportAnswersInFlight(EVER), []);
    await questions().releaseSupportAnswer(q.id);
    assert.equal((await questions().getQuestion(q.id))?.supportAnswer, undefined);
    assert.equal(await questions().claimSupportAnswer(q.id, answer('s2')), 'claimed', 'a released answer can be given again');
  });
});

import assert from 'node:assert/strict';
import type { StoredPhrasing } from '../../bot/storage/learnedRepository';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

const phrasing = (text: string, extra: Partial<Omit<StoredPhrasing, 'id'>> = {}): Omit<StoredPhrasing, 'id'> => ({
  entryId: 'lifecycle',
  language: 'en',
  text,
  questionId: undefined,
  learnedBy: 'aad-s1',
  learnedByName: 'Support One',
  learnedAt: '2026-12-03T12:05:00.000Z',
  ...extra,
});

describeEachBackend('Learned phrasings', (backend) => {
  const under = storeUnderTest(backend);
  const learned = () => under.store.learned;

  it('keeps what support taught across a restart, oldest first', async () => {
    const question = await under.store.questions.recordQuestion({ userId: '29:a', userName: 'A', conversationId: 'a:1', language: 'en', text: 'How long are videos kept?', entryId: undefined, askedAt: 't' });
    const first = await learned().add(phrasing('how long are videos kept', { questionId: question.id }));
    const second = await under.another().learned.add(phrasing('kauanko videot säilyvät', { language: 'fi' }));
    assert.ok(second.id > first.id);
    assert.deepEqual(await under.another().learned.all(), [first, second]);
  });

  it('refuses a phrasing said to come from a question that does not exist, and keeps nothing', async () => {
    await assert.rejects(learned().add(phrasing('how long are videos kept', { questionId: 99_999 })));
    assert.deepEqual(await learned().all(), []);
  });

  it('numbers phrasings uniquely when two instances learn at once', async () => {
    const added = await Promise.all([learned().add(phrasing('a')), under.another().learned.add(phrasing('b')), learned().add(phrasing('c'))]);
    assert.equal(new Set(added.map((p) => p.id)).size, 3);
    assert.deepEqual((await learned().all()).map((p) => p.id), added.map((p) => p.id).sort((a, b) => a - b));
  });

  it('removes a phrasing once: of two support members removing it at once, one gets it and the other sees it gone', async () => {
    const added = await learned().add(phrasing('how long are videos kept'));
    const removed = await Promise.all([learned().remove(added.id), under.another().learned.remove(added.id)]);
    assert.deepEqual(removed.filter((p) => p !== undefined), [added]);
    assert.deepEqual(await learned().all(), []);
    assert.equal(await learned().remove(99_999), undefined);
  });
});

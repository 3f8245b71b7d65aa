import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildEntries } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { LearnedPhrasings, phrasingWords } from '../../bot/knowledge/learnedPhrasings';
import { loadPolicy } from '../../bot/rules/policy';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const entries = buildEntries(policy);
const questionsOf = (file: string) =>
  (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../shared/eval', file), 'utf8')) as {
    questions: Array<{ lang: 'en' | 'fi'; q: string; topic: string | null }>;
  }).questions;
const devQuestions = questionsOf('qa-dev.json');

const topic = (kb: KnowledgeBase, question: string) => {
  const result = kb.answer(question);
  return result.kind === 'answer' ? result.entry.id : null;
};

describe('Learned phrasings', () => {
  it('compares questions as folded words: case, ä/ö/å and punctuation do not matter', () => {
    assert.deepEqual([...phrasingWords('Pitääkö  PODCASTIT tekstittää?!')], ['pitaako', 'podcastit', 'tekstittaa']);
    assert.deepEqual([...phrasingWords('Åbo, (öö)')], ['abo', 'oo']);
  });

  it('matches the same question however it is typed, and only in its language', () => {
    const learned = new LearnedPhrasings();
    learned.add({ id: 1, entryId: 'audio', language: 'fi', text: 'Pitääkö podcastit tekstittää?' });
    assert.equal(learned.match('pitaako podcastit tekstittaa', 'fi'), 'audio');
    assert.equal(learned.match('Podcastit, pitääkö tekstittää', 'fi'), 'audio', 'same words in another order');
    assert.equal(learned.match('Pitääkö podcastit tekstittää?', 'en'), undefined);
  });

  it('does not match a short question that differs by one word', () => {
    const learned = new LearnedPhrasings();
    learned.add({ id: 1, entryId: 'audio', language: 'fi', text: 'Pitääkö podcastit tekstittää?' });
    assert.equal(learned.match('Pitääkö videot tekstittää?', 'fi'), undefined);
    assert.equal(learned.match('Pitääkö podcastit tekstittää heti?', 'fi'), undefined);
  });

  it('tolerates one extra word in a long question, and the later teaching wins', () => {
    const learned = new LearnedPhrasings();
    learned.add({ id: 1, entryId: 'lifecycle', language: 'en', text: 'What happens to course videos nobody watches for years?' });
    assert.equal(learned.match('What happens to my course videos nobody watches for years?', 'en'), 'lifecycle');
    learned.add({ id: 2, entryId: 'trash', language: 'en', text: 'What happens to course videos nobody watches for years' });
    assert.equal(learned.match('what happens to course videos nobody watches for years', 'en'), 'trash');
    learned.remove(2);
    assert.equal(learned.match('what happens to course videos nobody watches for years', 'en'), 'lifecycle');
  });

  it('answers a learned question at once, as sure, until it is forgotten', () => {
    const kb = new KnowledgeBase(entries);
    const question = 'Can I get a reminder before my videos are deleted?';
    kb.learn({ id: 7, entryId: 'support', language: 'en', text: question });
    const result = kb.answer(question);
    assert.equal(result.kind === 'answer' && result.entry.id, 'support');
    assert.equal(result.kind === 'answer' && result.confidence, 'sure');
    kb.forget(7);
    assert.notEqual(topic(kb, question), 'support');
  });

  it('ignores a phrasing of a rule the knowledge base does not have', () => {
    const kb = new KnowledgeBase(entries);
    kb.learn({ id: 1, entryId: 'no_such_rule', language: 'en', text: 'Where is Panopto hosted?' });
    assert.equal(topic(kb, 'Where is Panopto hosted?'), 'provider');
  });

  it('learning each dev question as a phrasing of another rule changes no other dev question\'s answer', () => {
    const kb = new KnowledgeBase(entries);
    const before = devQuestions.map((d) => topic(kb, d.q));
    const ids = entries.map((e) => e.id);
    devQuestions.forEach((taught, i) => {
      const original = before[i] ?? null;
      const other = ids.find((id) => id !== original && id !== taught.topic) ?? 'provider';
      kb.learn({ id: i + 1, entryId: other, language: taught.lang, text: taught.q });
      assert.equal(topic(kb, taught.q), other, `the taught question itself: ${taught.q}`);
      devQuestions.forEach((d, j) => {
        if (j !== i) assert.equal(topic(kb, d.q), before[j], `"${d.q}" after teaching "${taught.q}" → ${other}`);
      });
      kb.forget(i + 1);
    });
  });

  it('with every dev question taught as another rule, the realistic dev questions are answered as before', () => {
    const kb = new KnowledgeBase(entries);
    const realistic = questionsOf('qa-dev-realistic.json');
    const before = realistic.map((d) => topic(kb, d.q));
    const ids = entries.map((e) => e.id);
    devQuestions.forEach((taught, i) => kb.learn({ id: i + 1, entryId: ids.find((id) => id !== taught.topic) ?? 'provider', language: taught.lang, text: taught.q }));
    realistic.forEach((d, j) => assert.equal(topic(kb, d.q), before[j], d.q));
  });
});

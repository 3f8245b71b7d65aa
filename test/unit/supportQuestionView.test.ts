import assert from 'node:assert/strict';
import path from 'node:path';
import { localDateTime, ruleChoices, supportQuestionView } from '../../bot/answers/supportQuestionView';
import { buildEntries } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { loadPolicy } from '../../bot/rules/policy';
import type { AskedQuestion } from '../../bot/storage/repositories';
import { renderSupportQuestionCard } from '../../cards/supportQuestion';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const kb = new KnowledgeBase(buildEntries(policy));

const question = (overrides: Partial<AskedQuestion> = {}): AskedQuestion => ({
  id: 5,
  userId: '29:maija',
  userName: 'Maija *M*',
  conversationId: 'a:1',
  language: 'fi',
  text: 'Saanko sähköpostin ennen kuin vanhat äänitteeni häviävät?',
  entryId: undefined,
  askedAt: '2026-12-03T12:05:00.000Z',
  helpful: undefined,
  forwardedAt: '2026-12-03T12:06:00.000Z',
  ...overrides,
});

describe('The forwarded question as support sees it', () => {
  it("an asker's name cannot turn the chat link into a link elsewhere", () => {
    const hostile = 'x](https://evil.example/phish) and [y';
    const data = supportQuestionView(question({ userName: hostile }), { userId: '29:maija', aadObjectId: undefined, name: hostile, email: 'maija@xamk.fi', userPrincipalName: undefined, locale: 'fi-FI', personalConversationId: undefined, updatedAt: 't' }, kb, policy.timeZone);
    const texts: string[] = [];
    const collect = (node: unknown): void => {
      if (typeof node === 'string') texts.push(node);
      else if (node !== null && typeof node === 'object') Object.values(node).forEach(collect);
    };
    collect(renderSupportQuestionCard(data));
    for (const text of texts) assert.doesNotMatch(text, /(^|[^\\])\[[^\]]*\]\(https:\/\/evil/, `no live link to the place the name names: ${text}`);
    assert.ok(texts.includes('[Chat with the asker](https://teams.microsoft.com/l/chat/0/0?users=maija%40xamk.fi)'));
  });

  it('says times in the policy\'s time zone, summer and winter', () => {
    assert.equal(localDateTime('2026-12-03T12:05:00Z', policy.timeZone), '3 Dec 14:05');
    assert.equal(localDateTime('2026-07-01T21:30:00Z', policy.timeZone), '2 Jul 00:30');
  });

  it('names the language, links to a chat with the asker when the roster gave an address, and is open', () => {
    const data = supportQuestionView(question(), { userId: '29:maija', aadObjectId: undefined, name: 'Maija', email: 'maija@xamk.fi', userPrincipalName: 'maija.m@xamk.fi', locale: 'fi-FI', personalConversationId: undefined, updatedAt: 't' }, kb, policy.timeZone);
    assert.equal(data.language, 'Finnish');
    assert.equal(data.askedAt, '3 Dec 14:05');
    assert.equal(data.askerAddress, 'maija.m@xamk.fi', 'the UPN first, as Teams addresses people by it');
    assert.equal(data.open, true);
    assert.equal(data.stateText, 'Waiting for an answer');
    assert.equal(supportQuestionView(question(), undefined, kb, policy.timeZone).askerAddress, undefined);
  });

  it('offers the bot\'s best guesses first, then every other rule once, without the rule that already missed', () => {
    const missed = question({ text: 'My course only runs every other year, will the recordings disappear?', language: 'en', entryId: 'caption_course', helpful: false });
    const choices = ruleChoices(missed, kb).map((e) => e.id);
    assert.equal(new Set(choices).size, kb.entries.length, 'every rule, once');
    const unknown = ruleChoices(question(), kb).map((e) => e.id);
    assert.equal(unknown[0], 'lifecycle');
    assert.notEqual(choices[0], 'caption_course');
  });

  it('once answered: who, with which rule, when (local time); a name typed with Markdown shows as text', () => {
    const data = supportQuestionView(question({ supportAnswer: { at: '2026-12-03T12:05:00Z', by: '29:s', byName: '_Sanna_', entryId: 'lifecycle', reply: undefined } }), undefined, kb, policy.timeZone);
    assert.equal(data.stateText, 'Answered by \\_Sanna\\_ with *Video lifecycle: how long videos are kept*, 3 Dec 14:05');
    assert.equal(data.open, false);
    assert.deepEqual(data.choices, []);
    const replied = supportQuestionView(question({ supportAnswer: { at: '2026-12-03T12:05:00Z', by: '29:s', byName: 'Sanna', entryId: undefined, reply: 'Call me' } }), undefined, kb, policy.timeZone);
    assert.equal(replied.stateText, 'Answered by Sanna, 3 Dec 14:05:');
    assert.equal(replied.reply, 'Call me');
  });
});

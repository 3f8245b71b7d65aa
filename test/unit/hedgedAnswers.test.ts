import assert from 'node:assert/strict';
import path from 'node:path';
import type { AnswerService } from '../../bot/answers/answerService';
import { buildEntries, type Entry } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { loadPolicy } from '../../bot/rules/policy';
import { Presenter } from '../../bot/teams/presenter';
import { actionsOf, visibleText } from '../support/cards';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const kb = new KnowledgeBase(buildEntries(policy));
// Only the welcome card asks the answer service for anything.
const presenter = new Presenter(kb, policy, {} as AnswerService);
const entry = (id: string): Entry => kb.entry(id) ?? assert.fail(id);

const answered = (confidence: 'sure' | 'likely', language: 'en' | 'fi') =>
  presenter.asked({
    kind: 'answer',
    questionId: 31,
    language,
    entry: entry('lifecycle'),
    followUps: [],
    match: { entryId: 'lifecycle', score: 12, coverage: 0.6, matched: 2, distinctive: 1 },
    confidence,
    alternatives: [entry('trash'), entry('extension'), entry('audio')],
  });

describe('Graded answers', () => {
  it('a likely answer says what the bot thinks was asked, offers two other rules and "Not what I meant"', () => {
    const card = answered('likely', 'en');
    const text = visibleText(card);
    assert.match(text, /^I think you are asking about \*Video lifecycle: how long videos are kept\*:/);
    assert.match(text, /Or did you mean:/);
    assert.equal(text.split('Video lifecycle: how long videos are kept').length, 2, 'the rule is named once, in the hedge');
    const actions = actionsOf(card);
    const alternatives = actions.filter((a) => a.type === 'Action.Submit' && a.data?.['choice'] !== undefined);
    assert.deepEqual(alternatives.map((a) => a.data?.['choice']), [entry('trash').text.en.questions[0], entry('extension').text.en.questions[0]]);
    const notMeant = actions.find((a) => a.title === 'Not what I meant');
    assert.equal(notMeant?.verb, 'forwardToSupport');
    assert.equal(notMeant?.data?.['questionId'], 31);
    assert.ok(actions.some((a) => a.verb === 'feedback'), 'it still asks whether it helped');
  });

  it('in Finnish', () => {
    const card = answered('likely', 'fi');
    assert.match(visibleText(card), /^Kysyt ehkä aiheesta \*Videon elinkaari: kuinka kauan videot säilyvät\*:/);
    assert.ok(actionsOf(card).some((a) => a.title === 'En tarkoittanut tätä' && a.verb === 'forwardToSupport'));
  });

  it('a sure answer looks as before: no hedge, no alternatives, no forward', () => {
    const card = answered('sure', 'en');
    assert.doesNotMatch(visibleText(card), /I think you are asking|Or did you mean|Not what I meant/);
    assert.ok(actionsOf(card).every((a) => a.verb !== 'forwardToSupport'));
  });
});

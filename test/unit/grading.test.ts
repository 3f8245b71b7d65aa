import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS, grade } from '../../bot/knowledge/grading';
import type { Match } from '../../bot/knowledge/retriever';

/** The verdict on the best rule, from its match and the best out-of-scope topic's: the table is the specification. */

const rule = (coverage: number, score: number, matched = 3, distinctive = 1): Match => ({ entryId: 'lifecycle', coverage, score, matched, distinctive });
const outside = (coverage: number, score: number): Match => ({ entryId: '~small_talk', coverage, score, matched: 1, distinctive: 1 });

describe('Grading an answer', () => {
  const cases: Array<[string, Match, Match | undefined, boolean, 'sure' | 'likely' | undefined]> = [
    ['most of the question explained, a good score → sure', rule(0.8, 100), undefined, false, 'sure'],
    ['a quarter to half explained, two words shared → likely', rule(0.4, 100), undefined, false, 'likely'],
    ['little explained → does not know', rule(0.2, 100), undefined, false, undefined],
    ['a hedge on a single shared word → does not know', rule(0.4, 100, 1), undefined, false, undefined],
    ['no word that singles the rule out → does not know', rule(0.9, 100, 3, 0), undefined, false, undefined],
    ['a weak score → does not know', rule(0.9, 5), undefined, false, undefined],
    ['an out-of-scope topic explains as much and matches nearly as well → does not know', rule(0.8, 100), outside(0.8, 70), false, undefined],
    ['an out-of-scope topic that matches far less well → sure', rule(0.8, 100), outside(0.8, 30), false, 'sure'],
    ['an out-of-scope topic that explains less → sure', rule(0.8, 100), outside(0.5, 200), false, 'sure'],
    ['one shared word, and an out-of-scope topic shares it at a third of the strength → does not know', rule(1, 60, 1), outside(1, 20), false, undefined],
    ['one shared word, the topic far weaker → sure', rule(1, 60, 1), outside(1, 10), false, 'sure'],
    ['another service named: an outright answer still counts', rule(0.8, 100), outside(0.3, 10), true, 'sure'],
    ['another service named: no hedge, and "sure" needs more of the question', rule(0.6, 100), outside(0.3, 10), true, undefined],
    ['another service named: no hedge', rule(0.4, 100), outside(0.3, 10), true, undefined],
  ];
  for (const [name, best, topic, namesSomethingElse, expected] of cases) {
    it(name, () => assert.equal(grade(best, topic, namesSomethingElse, DEFAULT_THRESHOLDS), expected));
  }
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BotHarness } from '../support/botHarness';
import { loadQaSet, scoreQaSet, type QaReport } from './scoring';

const SETS = [
  { name: 'shared development set', file: path.resolve(__dirname, '../../../shared/eval/qa-dev.json') },
  { name: "developers' held-out set", file: path.resolve(__dirname, '../fixtures/qa-holdout.json') },
];
const REQUIRED_ACCURACY = 0.95;

function failures(report: QaReport): string {
  return report.outcomes
    .filter((o) => !o.passed)
    .map((o) => `  [${o.lang}] ${o.question} (${o.topic ?? 'out of scope'}): missing ${o.missing.join('; ')}`)
    .join('\n');
}

describe('Answer quality on question sets (scored as shared/eval/qa-dev.json describes)', () => {
  const bot = new BotHarness();
  before(() => bot.start());
  after(() => bot.stop());

  for (const set of SETS) {
    it(`answers at least 95 % of the ${set.name} and refuses every out-of-scope question`, async function () {
      if (!fs.existsSync(set.file)) this.skip();
      const report = await scoreQaSet(loadQaSet(set.file), bot);
      assert.ok(report.accuracy >= REQUIRED_ACCURACY, `accuracy ${(report.accuracy * 100).toFixed(1)} %:\n${failures(report)}`);
      assert.equal(report.outOfScopeRefused, report.outOfScopeTotal, `out of scope answered:\n${failures(report)}`);
    });
  }
});

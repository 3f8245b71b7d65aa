import path from 'node:path';
import { BotHarness } from '../test/support/botHarness';
import { loadQaSet, scoreQaSet, summary } from '../test/quality/scoring';

/** npm run eval -- FILE...: scores the bot on question sets in the qa-dev.json format and lists every miss. */
async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    files.push(
      path.resolve(__dirname, '../../shared/eval/qa-dev.json'),
      path.resolve(__dirname, '../../shared/eval/qa-dev-realistic.json'),
      path.resolve(__dirname, '../test/fixtures/qa-holdout.json'),
      path.resolve(__dirname, '../test/fixtures/qa-holdout-realistic.json'),
      path.resolve(__dirname, '../test/fixtures/qa-holdout-realistic-2.json'),
    );
  }
  const bot = await new BotHarness({ LOG_LEVEL: 'warn' }).start();
  try {
    for (const file of files) {
      const report = await scoreQaSet(loadQaSet(file), bot);
      for (const o of report.outcomes.filter((x) => !x.passed)) {
        console.log(`MISS [${o.lang}] ${o.question} (${o.topic ?? 'out of scope'}): ${o.missing.join('; ')}`);
      }
      console.log(summary(path.basename(file), report));
    }
  } finally {
    await bot.stop();
  }
}

void main();

import path from 'node:path';
import { buildEntries } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { loadPolicy } from '../../bot/rules/policy';
import { variedQuestions } from './questions';
import { elapsedMs, ms, summarize } from './stats';

/** Answer lookup in process: language detection, retrieval and the decision, per question. Goal: p99 < 2 ms. */
export function benchLookup(count = 5000): { p50: number; p99: number } {
  const kb = new KnowledgeBase(buildEntries(loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'))));
  const questions = variedQuestions(kb.entries, count);
  for (const q of questions.slice(0, 500)) kb.answer(q); // warm up the JIT
  const samples: number[] = [];
  let answered = 0;
  for (const q of questions) {
    const start = process.hrtime.bigint();
    const result = kb.answer(q);
    samples.push(elapsedMs(start));
    if (result.kind === 'answer') answered++;
  }
  const s = summarize(samples);
  console.log(`answer lookup (in process, ${s.n} varied questions, ${answered} answered): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}  [goal p99 < 2 ms]`);
  return { p50: s.p50, p99: s.p99 };
}

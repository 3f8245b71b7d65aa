import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../../bot/knowledge/entries';
import { seededRandom } from './stats';

/** A few thousand varied questions: the knowledge base's own paraphrases and the eval sets, with typos, dropped words, fillers. */
export function variedQuestions(entries: readonly Entry[], count: number, seed = 42): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const base: string[] = entries.flatMap((e) => [...e.text.en.questions, ...e.text.fi.questions]);
  for (const file of ['../../../shared/eval/qa-dev.json', '../../test/fixtures/qa-holdout.json']) {
    const full = path.resolve(__dirname, file);
    if (fs.existsSync(full)) base.push(...(JSON.parse(fs.readFileSync(full, 'utf8')) as { questions: Array<{ q: string }> }).questions.map((q) => q.q));
  }
  const fillers = ['please', 'hi,', 'quick question:', 'hei,', 'moi', 'thanks!', 'kiitos'];
  const mutate = (q: string): string => {
    const words = q.split(' ');
    switch (Math.floor(random() * 5)) {
      case 0: {
        const i = Math.floor(random() * words.length);
        const w = words[i] ?? '';
        if (w.length > 3) {
          const j = 1 + Math.floor(random() * (w.length - 2));
          words[i] = w.slice(0, j) + (w[j + 1] ?? '') + (w[j] ?? '') + w.slice(j + 2);
        }
        return words.join(' ');
      }
      case 1:
        return words.length > 3 ? words.filter((_, i) => i !== Math.floor(random() * words.length)).join(' ') : q;
      case 2:
        return `${pick(fillers)} ${q}`;
      case 3:
        return q.toLowerCase().replace(/[?]/g, '');
      default:
        return q;
    }
  };
  return Array.from({ length: count }, () => mutate(pick(base)));
}

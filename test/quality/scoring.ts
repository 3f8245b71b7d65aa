import fs from 'node:fs';
import { BotHarness } from '../support/botHarness';
import { message } from '../support/activities';
import { replyText } from '../support/cards';

/** Scores the bot on a question set in the format of shared/eval/qa-dev.json, over the real HTTP protocol. */

export interface QaSet {
  topics: Record<string, Record<string, string[][]>>;
  leak: string[];
  questions: Array<{ lang: 'en' | 'fi'; q: string; topic: string | null }>;
}

export interface QaOutcome {
  question: string;
  lang: string;
  topic: string | null;
  passed: boolean;
  missing: string[];
  reply: string;
}

export interface QaReport {
  outcomes: QaOutcome[];
  passed: number;
  total: number;
  accuracy: number;
  outOfScopeRefused: number;
  outOfScopeTotal: number;
  /** The same, per language of the question. */
  byLanguage: Record<string, { passed: number; total: number; accuracy: number }>;
}

/** "qa-dev.json: 152/158 = 96.2 %; en 76/79 = 96.2 %, fi 76/79 = 96.2 %; out of scope refused 20/20" */
export function summary(name: string, report: QaReport): string {
  const percent = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const languages = Object.entries(report.byLanguage)
    .map(([language, r]) => `${language} ${r.passed}/${r.total} = ${percent(r.accuracy)}`)
    .join(', ');
  return `${name}: ${report.passed}/${report.total} = ${percent(report.accuracy)}; ${languages}; out of scope refused ${report.outOfScopeRefused}/${report.outOfScopeTotal}`;
}

export function loadQaSet(file: string): QaSet {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as QaSet;
}

export function judge(set: QaSet, q: QaSet['questions'][number], reply: string): QaOutcome {
  const text = reply.toLowerCase();
  const missing: string[] = [];
  if (q.topic === null) {
    for (const leak of set.leak) if (text.includes(leak.toLowerCase())) missing.push(`leaked "${leak}"`);
  } else {
    const groups = set.topics[q.topic]?.[q.lang] ?? [];
    for (const group of groups) if (!group.some((alt) => text.includes(alt.toLowerCase()))) missing.push(group.join('|'));
  }
  return { question: q.q, lang: q.lang, topic: q.topic, passed: missing.length === 0, missing, reply };
}

export async function scoreQaSet(set: QaSet, bot: BotHarness): Promise<QaReport> {
  const outcomes: QaOutcome[] = [];
  for (const q of set.questions) {
    // The Teams locale is the asker's, not necessarily the question's: use the neutral default to test detection.
    const replies = await bot.turn(message(q.q, { locale: 'en-US' }));
    outcomes.push(judge(set, q, replies.map(replyText).join('\n')));
  }
  const outOfScope = outcomes.filter((o) => o.topic === null);
  const passed = outcomes.filter((o) => o.passed).length;
  return {
    outcomes,
    passed,
    total: outcomes.length,
    accuracy: outcomes.length === 0 ? 0 : passed / outcomes.length,
    outOfScopeRefused: outOfScope.filter((o) => o.passed).length,
    outOfScopeTotal: outOfScope.length,
    byLanguage: Object.fromEntries(
      [...new Set(outcomes.map((o) => o.lang))].sort().map((language) => {
        const mine = outcomes.filter((o) => o.lang === language);
        const ok = mine.filter((o) => o.passed).length;
        return [language, { passed: ok, total: mine.length, accuracy: ok / mine.length }];
      }),
    ),
  };
}

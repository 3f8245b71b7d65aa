import path from 'node:path';
import fs from 'node:fs';
import { buildEntries } from '../bot/knowledge/entries';
import { KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import { loadPolicy } from '../bot/rules/policy';

/** Dev aid: which rule each question of a set gets, and how sure the bot is, in process. */
const TOPIC_ENTRY: Record<string, string> = { location: 'provider', confidential: 'content', account: 'responsibility', stream_recording: 'streaming' };
const policy = loadPolicy(path.resolve(__dirname, '../bot/rules/policies/xamk.json'));
const kb = new KnowledgeBase(buildEntries(policy));
const verbose = process.argv.includes('-v');
for (const file of process.argv.slice(2).filter((a) => a !== '-v')) {
  const set = JSON.parse(fs.readFileSync(file, 'utf8')) as { questions: Array<{ lang: string; q: string; topic: string | null }> };
  const tally: Record<string, [number, number]> = {};
  for (const q of set.questions) {
    const want = q.topic === null ? null : (TOPIC_ENTRY[q.topic] ?? q.topic);
    const r = kb.answer(q.q, 'en-US');
    const got = r.kind === 'answer' ? r.entry.id : null;
    const ok = got === want && (r.kind === 'unknown' || r.language === q.lang);
    const key = `${q.lang}${want === null ? '-oos' : ''}`;
    const t = (tally[key] ??= [0, 0]);
    t[1]++;
    if (ok) t[0]++;
    if (!ok || verbose) {
      const detail = r.kind === 'answer' ? `${r.confidence} ${r.entry.id} [${r.language}] s=${r.match.score.toFixed(1)} c=${r.match.coverage.toFixed(2)}` : `unknown [${r.language}] sugg=${r.suggestions.map((e) => e.id).join(',')}`;
      console.log(`${ok ? 'ok  ' : 'MISS'} [${q.lang}] want=${want} got: ${detail} :: ${q.q}`);
    }
  }
  console.log(path.basename(file), Object.entries(tally).map(([k, [a, b]]) => `${k} ${a}/${b}`).join('  '));
}

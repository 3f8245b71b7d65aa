import path from 'node:path';
import fs from 'node:fs';
import { buildEntries } from '../bot/knowledge/entries';
import { KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import { outOfScopeTopics } from '../bot/knowledge/outOfScope';
import { Retriever } from '../bot/knowledge/retriever';
import { loadPolicy, type Language } from '../bot/rules/policy';

/**
 * Dev aid, in process (no HTTP), for working on retrieval:
 *   npx tsx scripts/diagnose-qa.ts [-v] SET.json…   which rule each question gets and how sure; misses (-v: all)
 *   npx tsx scripts/diagnose-qa.ts --ask "question"   the question's terms and the best matches in each language
 * `npm run eval` is the score that counts (over the protocol, as the sets' own scoring describes).
 */
const TOPIC_ENTRY: Record<string, string> = { location: 'provider', confidential: 'content', account: 'responsibility', stream_recording: 'streaming' };
const policy = loadPolicy(path.resolve(__dirname, '../bot/rules/policies/xamk.json'));
const entries = buildEntries(policy);
const kb = new KnowledgeBase(entries);
const args = process.argv.slice(2);
const out: string[] = [];

if (args[0] === '--ask') {
  const retrievers = { en: new Retriever(entries, 'en', outOfScopeTopics()), fi: new Retriever(entries, 'fi', outOfScopeTopics()) };
  for (const question of args.slice(1)) {
    const r = kb.answer(question, 'en-US');
    out.push(`${question}\n  → ${r.kind === 'answer' ? `${r.confidence} ${r.entry.id} [${r.language}]` : `unknown [${r.language}]`}`);
    for (const language of ['en', 'fi'] as Language[]) {
      out.push(`  ${language} terms ${JSON.stringify(retrievers[language].queryTerms(question))}`);
      for (const m of retrievers[language].search(question, 5)) {
        out.push(`    ${m.entryId} score ${m.score.toFixed(1)} coverage ${m.coverage.toFixed(2)} matched ${m.matched} distinctive ${m.distinctive}`);
      }
    }
  }
} else {
  const verbose = args.includes('-v');
  for (const file of args.filter((a) => a !== '-v')) {
    const set = JSON.parse(fs.readFileSync(file, 'utf8')) as { questions: Array<{ lang: string; q: string; topic: string | null }> };
    const tally: Record<string, [number, number]> = {};
    for (const q of set.questions) {
      const want = q.topic === null ? null : (TOPIC_ENTRY[q.topic] ?? q.topic);
      const r = kb.answer(q.q, 'en-US');
      const got = r.kind === 'answer' ? r.entry.id : null;
      const ok = got === want && (r.kind === 'unknown' || r.language === q.lang);
      const t = (tally[`${q.lang}${want === null ? '-oos' : ''}`] ??= [0, 0]);
      t[1]++;
      if (ok) t[0]++;
      if (!ok || verbose) {
        const detail =
          r.kind === 'answer'
            ? `${r.confidence} ${r.entry.id} [${r.language}] s=${r.match.score.toFixed(1)} c=${r.match.coverage.toFixed(2)}`
            : `unknown [${r.language}] sugg=${r.suggestions.map((e) => e.id).join(',')}`;
        out.push(`${ok ? 'ok  ' : 'MISS'} [${q.lang}] want=${want} got: ${detail} :: ${q.q}`);
      }
    }
    out.push(`${path.basename(file)} ${Object.entries(tally).map(([k, [a, b]]) => `${k} ${a}/${b}`).join('  ')}`);
  }
}
process.stdout.write(`${out.join('\n')}\n`);

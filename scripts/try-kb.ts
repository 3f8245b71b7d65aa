import fs from 'node:fs';
import { loadPolicy } from '../bot/rules/policy';
import { buildEntries } from '../bot/knowledge/entries';
import { KnowledgeBase } from '../bot/knowledge/knowledgeBase';
const kb = new KnowledgeBase(buildEntries(loadPolicy('bot/rules/policies/xamk.json')));
const file = process.argv[2] ?? '../shared/eval/qa-dev.json';
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
let ok = 0;
for (const q of data.questions) {
  const r = kb.answer(q.q);
  const got = r.kind === 'answer' ? r.entry.id : null;
  const pass = got === q.topic && (r.language === q.lang || q.topic === null);
  if (pass) ok++;
  const m = r.kind === 'answer' ? `${r.match.score.toFixed(1)}/${r.match.coverage.toFixed(2)}` : '';
  if (!pass || process.env.ALL) console.log(pass ? 'ok ' : 'BAD', q.lang, r.language, JSON.stringify(q.q), '=>', got, 'want', q.topic, m);
}
console.log(ok, '/', data.questions.length);

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Which way the imports point. The domain (rules, knowledge, answers, requests, reminders, people, panopto, storage)
 * says what to show; the Teams edge (bot/teams, dialogs) draws it with cards/; bot/compose and app.ts wire it all.
 * An arrow back from the domain to the edge or the wiring would tie a use case to Teams, and to one way of building it.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const DOMAIN = ['rules', 'knowledge', 'answers', 'requests', 'reminders', 'people', 'panopto', 'storage'].map((d) => path.join(ROOT, 'bot', d));
const EDGE_AND_WIRING = [path.join(ROOT, 'cards'), path.join(ROOT, 'dialogs'), path.join(ROOT, 'bot', 'teams'), path.join(ROOT, 'bot', 'compose'), path.join(ROOT, 'bot', 'app.ts')];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative modules a file imports or requires, resolved to paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

const inside = (target: string, place: string) => target === place || target === place.replace(/\.ts$/, '') || target.startsWith(place + path.sep);

describe('Layers: the domain never imports the Teams edge, the cards or the wiring', () => {
  it('no file of the domain imports bot/teams, dialogs, cards, bot/compose or app.ts', () => {
    const offending: string[] = [];
    for (const file of DOMAIN.flatMap(sources)) {
      for (const target of importsOf(file)) {
        if (EDGE_AND_WIRING.some((place) => inside(target, place))) offending.push(`${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('the reminders folder builds no Teams or Graph pieces itself (the composition root does)', () => {
    const text = sources(path.join(ROOT, 'bot', 'reminders')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.doesNotMatch(text, /new (TeamsMessenger|GraphDirectory|ClientSecretCredential|ManagedIdentityCredential|PanoptoClient)\b|createSingleAttemptAdapter/);
  });
});

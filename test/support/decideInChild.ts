import { openStore } from '../../bot/storage/openStore';

/**
 * One approver's process for the cross-process decision test: opens the store file, waits for the agreed instant,
 * then decides every request given, one after another, and prints what each decision came to.
 * Usage: decideInChild.ts <database file> <decider> <start at, ms since epoch> <id,id,…>
 */
async function main(): Promise<void> {
  const [file, decider, startAt, ids] = process.argv.slice(2);
  const store = openStore({ kind: 'sqlite', file: file ?? '' });
  const late = Date.now() > Number(startAt);
  while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
  const outcomes: Record<string, string> = {};
  for (const id of (ids ?? '').split(',').map(Number)) {
    try {
      outcomes[id] = (await store.extensions.decide(id, { kind: 'approve', until: '2030-01-01' }, decider ?? '', decider ?? '', new Date().toISOString())).kind;
    } catch (error) {
      outcomes[id] = `error: ${(error as { code?: string }).code ?? (error as Error).message}`;
    }
  }
  await store.close();
  process.stdout.write(JSON.stringify({ late, outcomes }));
}

void main();

import os from 'node:os';
import { benchCrawl } from './crawl';
import { benchDrain } from './drain';
import { benchLookup } from './lookup';
import { benchPlanning } from './planning';
import { benchTurn } from './turn';

/** npm run bench: the figures the issues name, measured on this machine. Nothing here asserts a time. */
async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  // npm run bench -- [name] [count] [--store sqlite|azure]
  const args = process.argv.slice(2);
  const storeAt = args.indexOf('--store');
  const storeKind = storeAt === -1 ? 'sqlite' : args[storeAt + 1];
  if (storeKind !== 'sqlite' && storeKind !== 'azure') throw new Error(`--store must be sqlite or azure, not ${storeKind}`);
  const [only, count] = args.filter((_, i) => storeAt === -1 || (i !== storeAt && i !== storeAt + 1));
  if (only === undefined || only === 'lookup') benchLookup();
  if (only === undefined || only === 'turn') await benchTurn(storeKind);
  if (only === undefined || only === 'planning') benchPlanning();
  if (only === undefined || only === 'drain') await benchDrain(Number(count ?? 10_000), storeKind);
  if (only === undefined || only === 'crawl') await benchCrawl();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

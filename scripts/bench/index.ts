import os from 'node:os';
import { benchCrawl } from './crawl';
import { benchDrain } from './drain';
import { benchLookup } from './lookup';
import { benchPlanning } from './planning';
import { benchTurn } from './turn';

/** npm run bench: the figures the issues name, measured on this machine. Nothing here asserts a time. */
async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const only = process.argv[2];
  // `--store azure` measures the Azure Storage backend (on Azurite) where the store is on the path.
  const store = process.argv.includes('--store') && process.argv[process.argv.indexOf('--store') + 1] === 'azure' ? 'azure' : 'sqlite';
  if (only === undefined || only === 'lookup') benchLookup();
  if (only === undefined || only === 'turn') await benchTurn(store);
  if (only === undefined || only === 'planning') benchPlanning();
  if (only === undefined || only === 'drain') await benchDrain(Number(process.argv[3] ?? 10_000));
  if (only === undefined || only === 'crawl') await benchCrawl();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

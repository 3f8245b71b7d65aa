import os from 'node:os';
import { benchLookup } from './lookup';
import { benchTurn } from './turn';

/** npm run bench: the figures the issues name, measured on this machine. Nothing here asserts a time. */
async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  benchLookup();
  await benchTurn();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

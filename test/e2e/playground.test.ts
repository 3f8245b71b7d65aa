import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BotHarness } from '../support/botHarness';

/** A person in the Microsoft 365 Agents Playground (its real page, in headless Chromium) talking to the local bot. */

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// These flags keep Chromium from reaching for the network at start, which this machine's closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function ask(page: Page, question: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await page.keyboard.type(question);
  await page.keyboard.press('Enter');
}

/** The Playground pointed at the bot, and a browser page on it; skipped locally without Chromium, never in CI. */
function usePlayground(suite: Mocha.Suite, bot: BotHarness): { page: () => Page } {
  let playground: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  suite.beforeAll(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      // CI installs Chromium (.ci/run); a missing one there is a broken setup, not a reason to skip.
      if (process.env['CI'] === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run must install it`);
      console.warn(`    (Chromium not found at ${CHROMIUM}: apt-get install -y chromium to run this test)`);
      this.skip();
    }
    await bot.start();
    const port = await freePort();
    playground = spawn(
      process.execPath,
      [require.resolve('@microsoft/m365agentsplayground/cli.js'), '-e', bot.endpoint, '-c', 'msteams', '-p', String(port), '--dt'],
      { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: 'ignore', detached: true },
    );
    await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    await page.goto(`http://127.0.0.1:${port}/`);
  });
  suite.afterAll(async () => {
    await browser?.close();
    if (playground?.pid !== undefined) {
      try {
        process.kill(-playground.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (bot.app !== undefined) await bot.stop();
  });
  return {
    page: () => {
      if (page === undefined) throw new Error('no page');
      return page;
    },
  };
}

describe('In the Microsoft 365 Agents Playground (headless Chromium)', function () {
  this.timeout(120_000);
  const bot = new BotHarness();
  const playground = usePlayground(this, bot);
  let page: Page;
  before(() => {
    page = playground.page();
  });

  it('greets the person with the welcome card when the Playground opens', async () => {
    await page.getByText('Hi! I answer questions about the Panopto rules.').first().waitFor({ timeout: 30_000 });
  });

  it('answers an English question with the answer card', async () => {
    await ask(page, 'How long are videos kept?');
    await page.getByText(/kept for two years from its last viewing/).first().waitFor({ timeout: 30_000 });
    assert.ok(await page.getByText('Read the rules').count());
  });

  it('answers a Finnish question in Finnish and takes feedback on the card in place', async () => {
    await ask(page, 'Pitääkö podcastit tekstittää?');
    await page.getByText(/Myös äänitallenteiden sisältö on tekstitettävä/).first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Kyllä' }).last().click();
    await page.getByText(/Kiitos palautteesta/).first().waitFor({ timeout: 30_000 });
    const summary = await bot.app.store.questions.feedbackSummary();
    assert.deepEqual(summary, [{ entryId: 'audio', helpful: 1, notHelpful: 0 }]);
  });

  it('says when it does not know', async () => {
    await ask(page, 'What is for lunch today?');
    await page.getByText("Sorry, I don't know the answer to that.").first().waitFor({ timeout: 30_000 });
  });
});

describe('A reminder, an extension request and its approval, in the Playground', function () {
  this.timeout(180_000);
  // The Playground's "General" channel (team-id in its default configuration) is the support channel here.
  const bot = new BotHarness({ SUPPORT_CONVERSATION_ID: 'team-id' });
  const playground = usePlayground(this, bot);

  it('goes from the deletion reminder to an approved extension that moves the trash date', async () => {
    const page = playground.page();
    await page.getByRole('textbox').waitFor({ timeout: 30_000 });
    // Opening the channel installs the bot in the team: it now knows the support channel.
    await page.getByText('General').first().click();
    await page.getByText('Hi! I answer questions about the Panopto rules.').first().waitFor({ timeout: 30_000 });
    await page.getByText('Personal Chat').first().click();

    const run = await bot.app.reminders.service.runOnce();
    assert.equal(run.status === 'done' && run.summary.sent, 1, 'the demo owner (the Playground user) got a digest');
    await page.getByText('Your Panopto videos need attention').first().waitFor({ timeout: 30_000 });

    const item = page.locator('div.ac-container').filter({ hasText: 'Markkinointi 2022' }).last();
    await item.getByRole('button', { name: 'Request extension' }).click();
    await page.getByText(/Why must "Markkinointi 2022/).first().waitFor({ timeout: 30_000 });
    await ask(page, 'The guest lecture is part of the marketing course material until 2028.');
    await page.getByRole('button', { name: /^one year/i }).last().click();
    await page.getByRole('button', { name: 'Send request' }).last().click();
    await page.getByText(/Request #\d+ sent/).first().waitFor({ timeout: 30_000 });

    await page.getByText('General').first().click();
    await page.getByText(/Lifecycle extension request #/).first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Approve' }).last().click();
    await page.getByText(/Approved by Alex Wilber/).first().waitFor({ timeout: 30_000 });

    await page.getByText('Personal Chat').first().click();
    await page.getByText(/was approved by Alex Wilber/).first().waitFor({ timeout: 30_000 });
    await ask(page, 'my videos');
    await page.getByText(/Extended until/).first().waitFor({ timeout: 30_000 });
    const [request] = await bot.app.store.extensions.open();
    assert.equal((await bot.app.store.declarations.get(request?.videoId ?? '')).keepUntil, request?.approvedUntil);
  });
});

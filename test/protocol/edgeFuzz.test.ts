import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BotHarness } from '../support/botHarness';
import { execute, installed, message, submit } from '../support/activities';

/** Whatever a caller sends, the answer is a status the caller can act on, never our internals. */
describe('Edge fuzz: a valid activity with one field replaced by anything', () => {
  const bot = new BotHarness();
  before(() => bot.start());
  after(() => bot.stop());

  const bases = [
    () => message('How long are videos kept?'),
    () => installed(),
    () => submit({ choice: 'help' }, 'reply-1'),
    () => execute('feedback', { questionId: 1, helpful: true }),
  ];
  const paths = [
    ['type'], ['id'], ['locale'], ['text'], ['serviceUrl'], ['channelId'], ['timestamp'], ['replyToId'], ['value'], ['name'],
    ['from'], ['from', 'id'], ['from', 'name'], ['from', 'aadObjectId'], ['recipient'], ['recipient', 'id'],
    ['conversation'], ['conversation', 'id'], ['conversation', 'conversationType'], ['conversation', 'tenantId'],
    ['channelData'], ['channelData', 'tenant'], ['entities'], ['attachments'], ['membersAdded'], ['deliveryMode'],
  ];

  it('answers 2xx or 4xx, with no exception text or stack, to 500 such activities', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), async (base, path, value) => {
        const activity = structuredClone(bases[base]?.() ?? {}) as Record<string, unknown>;
        let target: Record<string, unknown> = activity;
        for (const key of path.slice(0, -1)) {
          if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
          target = target[key] as Record<string, unknown>;
        }
        target[path[path.length - 1] ?? 'type'] = value;
        const response = await bot.post(activity);
        const body = await response.text();
        assert.ok(response.status < 500 || response.status === 501, `${response.status} for ${path.join('.')} = ${JSON.stringify(value).slice(0, 80)}: ${body}`);
        assert.doesNotMatch(body, /TypeError|is not a function|Cannot read|\n\s+at /);
      }),
      { numRuns: 500, seed: 20261129 },
    );
    assert.ok(!bot.logLines.some((line) => line.includes('"msg":"request failed"')), 'no request failed inside');
  });
});

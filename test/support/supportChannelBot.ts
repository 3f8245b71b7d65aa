import { BotHarness } from './botHarness';
import { botAdded, SUPPORT_CHANNEL } from './activities';

/**
 * A bot whose support channel is SUPPORT_CHANNEL, installed there before the suite's tests, with the connector's
 * record cleared before each test. Call it inside a `describe`.
 */
export function botWithSupportChannel(): BotHarness {
  const bot = new BotHarness({ SUPPORT_CONVERSATION_ID: SUPPORT_CHANNEL.id });
  before(async () => {
    await bot.start();
    await bot.turn(botAdded({ conversation: SUPPORT_CHANNEL }));
  });
  after(() => bot.stop());
  beforeEach(() => bot.connector.reset());
  return bot;
}

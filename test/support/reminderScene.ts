import assert from 'node:assert/strict';
import type { SenderOptions } from '../../bot/reminders/sender';
import type { FakePanopto } from '../fakes/panopto';
import { MAIJA, MATTI, execute, installed, personalConversation, type User } from './activities';
import { BotHarness } from './botHarness';
import { actionsOf, cardOf, replyText, type CardAction } from './cards';

/** What the reminder end-to-end suites share: dates relative to today, a seeded fake Panopto, owners the bot has met. */

export const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

/** Retries without the real waits, so failure paths run in milliseconds. */
export const FAST: SenderOptions = { maxAttempts: 3, concurrency: 4, backoffMs: 5, maxWaitMs: 5_000 };

/** Maija's videos (captions due in 4 days, trash in 7 days, one fine), Matti's (captions due tomorrow), and a stranger's. */
export function seedPanopto(panopto: FakePanopto): void {
  panopto.addFolder('lectures');
  panopto.addSession({ Id: 'm-captions', Name: 'Statistics lecture 1', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(10) }); // 4 days left
  panopto.addSession({ Id: 'm-trash', Name: 'Old orientation', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(1000), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(723)] }); // trash in 7 days
  panopto.addSession({ Id: 'm-fine', Name: 'Fine video', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(30), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(1)] });
  panopto.addSession({ Id: 't-captions', Name: 'Logistics week 3', FolderId: 'lectures', Username: 'XAMK\\matti', StartTime: daysAgo(13) }); // 1 day left
  panopto.addSession({ Id: 'g-captions', Name: 'Ghost lecture', FolderId: 'lectures', Username: 'XAMK\\ghost', StartTime: daysAgo(4) }); // never talked to the bot
}

/** The bot meets a person: installed in their chat, their e-mail on the roster. */
export async function meet(bot: BotHarness, user: User, email: string): Promise<void> {
  bot.connector.members.set(user.id, { id: user.id, name: user.name, aadObjectId: user.aadObjectId, email, userPrincipalName: email });
  await bot.turn(installed({ user }));
}

/** A bot started with these settings that has met Maija and Matti (their chats and e-mails), its connector's log cleared. */
export async function botThatMetOwners(env: Record<string, string>): Promise<BotHarness> {
  const bot = await new BotHarness(env).start();
  await meet(bot, MAIJA, 'maija@xamk.fi');
  await meet(bot, MATTI, 'matti@xamk.fi');
  bot.connector.reset();
  return bot;
}

/** A card's button for one video. */
export function action(card: unknown, verb: string, videoId: string): CardAction {
  const found = actionsOf(card).find((a) => a.verb === verb && a.data?.['videoId'] === videoId);
  assert.ok(found, `${verb} for ${videoId}`);
  return found;
}

/** Clicks an Action.Execute button: the invoke's answer. */
export async function invoke(bot: BotHarness, verb: string, data: unknown, user: User) {
  const response = await bot.post(execute(verb, data, { user }));
  return (await response.json()) as { statusCode: number; type: string; value: unknown };
}

/** The reminder digests a person has been sent in their 1:1 chat. */
export const sentTo = (bot: BotHarness, user: User) => bot.connector.sent(personalConversation(user).id).filter((a) => cardOf(a) !== undefined && replyText(a).includes('Panopto videos'));

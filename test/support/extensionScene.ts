import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { FakePanopto } from '../fakes/panopto';
import { BotHarness } from './botHarness';
import { BOT, MAIJA, MATTI, SUPPORT_CHANNEL, botAdded, installed, type User } from './activities';

/** A Panopto with videos near the trash, a support channel the bot is in, owners and support staff it has met. */

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

export const SANNA: User = { id: '29:sanna', name: 'Sanna Support', aadObjectId: '00000000-0000-0000-0000-0000000000d4' };
export const PEKKA: User = { id: '29:pekka', name: 'Pekka Support', aadObjectId: '00000000-0000-0000-0000-0000000000e5' };
/** In the support channel's team (the roster says so) but not among the configured support users. */
export const TIINA: User = { id: '29:tiina', name: 'Tiina Team', aadObjectId: '00000000-0000-0000-0000-0000000000f6' };

export interface Scene {
  bot: BotHarness;
  panopto: FakePanopto;
  stop(): Promise<void>;
}

export async function extensionScene(): Promise<Scene> {
  const panopto = new FakePanopto({ pageSize: 5 });
  await panopto.start();
  panopto.addFolder('lectures');
  panopto.addSession({ Id: 'm-trash', Name: 'Old orientation', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(1000), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(723)] });
  panopto.addSession({ Id: 'm-other', Name: 'Statistics lecture 1', FolderId: 'lectures', Username: 'XAMK\\maija', StartTime: daysAgo(60), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(2)] });
  panopto.addSession({ Id: 't-video', Name: 'Logistics week 3', FolderId: 'lectures', Username: 'XAMK\\matti', StartTime: daysAgo(300), CaptionDownloadUrl: 'https://x/cc', viewers: [daysAgo(5)] });
  const bot = await new BotHarness({
    ...panopto.env(),
    PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi',
    SUPPORT_CONVERSATION_ID: SUPPORT_CHANNEL.id,
    SUPPORT_USERS: 'sanna@xamk.fi, pekka@xamk.fi',
    LOG_LEVEL: 'warn',
  }).start();
  for (const [user, email] of [[MAIJA, 'maija@xamk.fi'], [MATTI, 'matti@xamk.fi'], [SANNA, 'sanna@xamk.fi'], [PEKKA, 'pekka@xamk.fi']] as const) {
    bot.connector.members.set(user.id, { id: user.id, name: user.name, aadObjectId: user.aadObjectId, email, userPrincipalName: email });
    await bot.turn(installed({ user }));
  }
  bot.connector.channelMembers.set(SUPPORT_CHANNEL.id, new Set([SANNA.id, PEKKA.id, TIINA.id]));
  bot.connector.members.set(TIINA.id, { id: TIINA.id, name: TIINA.name, aadObjectId: TIINA.aadObjectId, email: 'tiina@xamk.fi', userPrincipalName: 'tiina@xamk.fi' });
  await bot.turn({ ...botAdded({ conversation: SUPPORT_CHANNEL }), membersAdded: [{ id: BOT.id }] });
  await createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent') }).service.runOnce();
  bot.connector.reset();
  const scene: Scene = {
    bot,
    panopto,
    // A test may restart the bot (scene.bot is then a new harness): stop whichever is running now.
    async stop() {
      await scene.bot.stop();
      await panopto.stop();
    },
  };
  return scene;
}

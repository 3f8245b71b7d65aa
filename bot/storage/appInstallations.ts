import type { Storage } from 'botbuilder';

/**
 * The installations of the Teams app the bot made for owners (people/appInstaller.ts), by Entra object id. Kept so
 * that the bot installs the app for a person once: a restart does not post it again, and a person who removes the
 * app afterwards is not given it back.
 */
export interface AppInstallation {
  installedAt: string;
  /** The 1:1 chat the installation created. */
  chatId: string;
}

export interface AppInstallations {
  get(userId: string): Promise<AppInstallation | undefined>;
  record(userId: string, installation: AppInstallation): Promise<void>;
}

/**
 * Kept in the bot's state storage (SQLite's bot_state, or Blob storage on Azure), which every backend already has:
 * a handful of records per owner ever installed for, read only when Teams refuses a chat.
 */
export class StateAppInstallations implements AppInstallations {
  constructor(private readonly state: Storage) {}

  async get(userId: string): Promise<AppInstallation | undefined> {
    const key = keyOf(userId);
    const item = (await this.state.read([key]))[key] as Partial<AppInstallation> | undefined;
    if (item?.installedAt === undefined || item.chatId === undefined) return undefined;
    return { installedAt: item.installedAt, chatId: item.chatId };
  }

  async record(userId: string, installation: AppInstallation): Promise<void> {
    // Last write wins: two records of one installation say the same.
    await this.state.write({ [keyOf(userId)]: { ...installation, eTag: '*' } });
  }
}

const keyOf = (userId: string) => `appInstallation/${userId.toLowerCase()}`;

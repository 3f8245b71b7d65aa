import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { ExtensionService } from '../requests/extensionService';
import type { TeamsSupportChannel } from './supportChannel';

/**
 * Whether the person writing is support staff, wherever they write: a configured support user, or a member of the
 * support channel's team. In the channel itself the turn's roster answers; elsewhere (a 1:1 chat) the bot asks the
 * support channel's roster, so a team member is recognised there too.
 */
export class SupportMembership {
  constructor(
    private readonly service: ExtensionService,
    private readonly channel: TeamsSupportChannel,
    private readonly logger: Logger,
  ) {}

  async isSupport(context: TurnContext): Promise<boolean> {
    const { from, conversation } = context.activity;
    const inChannel = this.channel.conversationId !== undefined && conversation.id.split(';')[0] === this.channel.conversationId;
    return this.service.isSupport({
      userId: from.id,
      name: from.name ?? from.id,
      inSupportTeam: async () => {
        if (!this.channel.isConfigured()) return false;
        try {
          if (inChannel) await TeamsInfo.getMember(context, from.id);
          else return await this.channel.hasMember(from.id);
          return true;
        } catch (error) {
          this.logger.debug({ err: (error as Error).message }, 'support roster: not a member, or not readable');
          return false;
        }
      },
    });
  }
}

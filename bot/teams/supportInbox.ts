import type { AdaptiveCard } from '../../cards/render';
import { renderSupportQuestionCard } from '../../cards/supportQuestion';
import type { SupportInbox } from '../answers/answerService';
import { supportQuestionView } from '../answers/supportQuestionView';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Logger } from '../logger';
import type { AskedQuestion, ConversationRepository } from '../storage/repositories';
import type { TeamsSupportChannel } from './supportChannel';

/** Questions for support in their Teams conversation: posted once, edited in place when someone answers. */
export class TeamsSupportInbox implements SupportInbox {
  constructor(
    private readonly channel: TeamsSupportChannel,
    private readonly knowledge: KnowledgeBase,
    private readonly people: ConversationRepository,
    private readonly timeZone: string,
    private readonly logger: Logger,
  ) {}

  isConfigured(): boolean {
    return this.channel.isConfigured();
  }

  async card(question: AskedQuestion): Promise<AdaptiveCard> {
    const asker = await this.people.getPerson(question.userId);
    return renderSupportQuestionCard(supportQuestionView(question, asker, this.knowledge, this.timeZone));
  }

  async deliver(question: AskedQuestion): Promise<string | undefined> {
    let activityId: string | undefined;
    try {
      activityId = await this.channel.post(await this.card(question));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, questionId: question.id }, 'could not forward a question to support');
      throw error;
    }
    this.logger.info({ questionId: question.id }, 'question forwarded to support');
    return activityId;
  }

  /** The card as it now stands, edited in place for everyone in the channel; returned for the one who clicked. */
  async changed(question: AskedQuestion): Promise<AdaptiveCard> {
    const card = await this.card(question);
    if (question.supportActivityId !== undefined) {
      try {
        await this.channel.update(question.supportActivityId, card);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, questionId: question.id }, 'could not edit the support card in place');
      }
    }
    return card;
  }
}

import { renderSupportQuestionCard } from '../../cards/supportQuestion';
import type { SupportInbox } from '../answers/answerService';
import type { Logger } from '../logger';
import type { AskedQuestion } from '../storage/repositories';
import type { TeamsSupportChannel } from './supportChannel';

/** Posts questions the bot could not answer into the support team's Teams conversation. */
export class TeamsSupportInbox implements SupportInbox {
  constructor(
    private readonly channel: TeamsSupportChannel,
    private readonly logger: Logger,
  ) {}

  isConfigured(): boolean {
    return this.channel.isConfigured();
  }

  async deliver(question: AskedQuestion): Promise<void> {
    const card = renderSupportQuestionCard({
      language: question.language,
      question: question.text,
      askedBy: question.userName ?? question.userId,
      askedIn: question.language,
      askedAt: question.askedAt,
    });
    try {
      await this.channel.post(card);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, questionId: question.id }, 'could not forward a question to support');
      throw error;
    }
    this.logger.info({ questionId: question.id }, 'question forwarded to support');
  }
}

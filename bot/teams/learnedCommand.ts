import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { SupportAnswers } from '../answers/supportAnswers';
import { isDomainError } from '../errors';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Language } from '../rules/policy';
import type { Actor } from './actor';
import { learnedListCard } from './supportAnswerActions';

/** "learned" / "opitut": support staff see the wordings the bot was taught, and can remove them. */

export class LearnedCommand {
  constructor(
    private readonly answers: SupportAnswers,
    private readonly knowledge: KnowledgeBase,
    private readonly timeZone: string,
  ) {}

  async show(context: TurnContext, actor: Actor, language: Language): Promise<void> {
    try {
      const card = learnedListCard(await this.answers.phrasings(actor), this.knowledge, this.timeZone);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'NotSupportStaff') throw error;
      await context.sendActivity(MessageFactory.text(language === 'fi' ? 'Vain palvelupisteen henkilökunta näkee opitut kysymykset.' : 'Only support staff can see what the bot has learned.'));
    }
  }
}

import { renderAnswerCard } from '../../cards/answer';
import type { AdaptiveCard } from '../../cards/render';
import { renderUnknownCard } from '../../cards/unknown';
import { renderWelcomeCard } from '../../cards/welcome';
import type { Asked, AnswerService } from '../answers/answerService';
import type { Entry } from '../knowledge/entries';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Language, Policy } from '../rules/policy';
import type { AskedQuestion } from '../storage/repositories';
import type { CommandButton, HelpLine } from './commandRouter';

/** Turns what the domain decided into the card a person sees, fresh or as the updated state of an earlier card. */
export class Presenter {
  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly policy: Policy,
    private readonly answers: AnswerService,
    /** Buttons a rule's answer offers beyond its follow-ups (the dialogs that act on it). */
    private readonly entryActions: (entryId: string, language: Language) => CommandButton[] = () => [],
  ) {}

  asked(asked: Asked): AdaptiveCard {
    if (asked.kind === 'answer') return this.answer(asked.questionId, asked.entry, asked.language, false);
    return this.unknown(asked.questionId, asked.suggestions, asked.language, false);
  }

  /** The card as it should look now for a stored question (after a vote or a forward). */
  stored(question: AskedQuestion): AdaptiveCard {
    const entry = question.entryId === undefined ? undefined : this.knowledge.entry(question.entryId);
    if (entry !== undefined) return this.answer(question.id, entry, question.language, question.helpful !== undefined);
    const suggestions = this.knowledge.answer(question.text, question.language);
    return this.unknown(question.id, suggestions.kind === 'unknown' ? suggestions.suggestions : [], question.language, question.forwardedAt !== undefined);
  }

  welcome(language: Language, purpose: 'welcome' | 'help', commands: HelpLine[] = []): AdaptiveCard {
    return renderWelcomeCard({
      language,
      purpose,
      commands,
      examples: this.answers.examples(language),
      sourceUrl: this.policy.links.rulesPage[language],
    });
  }

  private answer(questionId: number, entry: Entry, language: Language, feedbackGiven: boolean): AdaptiveCard {
    const text = entry.text[language];
    return renderAnswerCard({
      language,
      questionId,
      title: text.title,
      answer: text.answer,
      sourceUrl: entry.sourceUrl[language],
      followUps: entry.related
        .map((id) => this.knowledge.entry(id)?.text[language].questions[0])
        .filter((q): q is string => q !== undefined),
      feedbackGiven,
      actions: this.entryActions(entry.id, language),
    });
  }

  private unknown(questionId: number, suggestions: Entry[], language: Language, forwarded: boolean): AdaptiveCard {
    return renderUnknownCard({
      language,
      questionId,
      suggestions: suggestions.map((e) => ({ title: e.text[language].title, question: e.text[language].questions[0] ?? e.text[language].title })),
      supportName: this.policy.support.name[language],
      supportEmail: this.policy.support.email,
      forwarded,
    });
  }
}

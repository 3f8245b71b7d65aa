import { renderAnswerCard, type HedgeData } from '../../cards/answer';
import { labelsFor } from '../../cards/labels';
import { escapeMarkdown, type AdaptiveCard } from '../../cards/render';
import { renderUnknownCard } from '../../cards/unknown';
import { renderWelcomeCard } from '../../cards/welcome';
import type { Asked, AnswerService } from '../answers/answerService';
import type { Entry } from '../knowledge/entries';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { supportNamePlaceholders, type Language, type Policy } from '../rules/policy';
import type { AskedQuestion } from '../storage/repositories';
import type { CommandButton, HelpLine } from './commandRouter';
import { markdownInline } from '../markdown';

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
    if (asked.kind === 'answer') {
      const hedge = asked.confidence === 'likely' ? this.hedge(asked.alternatives, asked.language, false) : undefined;
      return this.answer(asked.questionId, asked.entry, asked.language, false, hedge);
    }
    return this.unknown(asked.questionId, asked.suggestions, asked.language, false);
  }

  /** The card as it should look now for a stored question (after a vote or a forward). */
  stored(question: AskedQuestion): AdaptiveCard {
    const entry = question.entryId === undefined ? undefined : this.knowledge.entry(question.entryId);
    if (entry !== undefined) {
      const hedge = question.confidence === 'likely' ? this.hedge(this.alternativesNow(question, entry), question.language, question.forwardedAt !== undefined) : undefined;
      return this.answer(question.id, entry, question.language, question.helpful !== undefined, hedge);
    }
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

  /** The rule support chose for a question, as the asker gets it in their chat (no vote: the bot did not choose it). */
  supportAnswer(question: AskedQuestion, entry: Entry, byName: string): AdaptiveCard {
    return this.answer(question.id, entry, question.language, false, undefined, { intro: this.answeredBy(question, byName), askFeedback: false });
  }

  /** Support's own words for a question, as the asker gets them in their chat. */
  supportReply(question: AskedQuestion, reply: string, byName: string): string {
    return `${this.answeredBy(question, byName)}\n\n${escapeMarkdown(reply)}`;
  }

  private answeredBy(question: AskedQuestion, byName: string): string {
    const language = question.language;
    return labelsFor(language, { name: markdownInline(byName), ...supportNamePlaceholders(this.policy, language), question: markdownInline(question.text) }).supportAnsweredIntro;
  }

  private hedge(alternatives: Entry[], language: Language, forwarded: boolean): HedgeData {
    return {
      alternatives: alternatives.slice(0, 2).map((e) => ({ title: e.text[language].title, question: e.text[language].questions[0] ?? e.text[language].title })),
      supportName: supportNamePlaceholders(this.policy, language)['support'] ?? '',
      forwarded,
    };
  }

  /** The alternatives retrieval offers for the question today (none if it now answers it otherwise). */
  private alternativesNow(question: AskedQuestion, entry: Entry): Entry[] {
    const result = this.knowledge.answer(question.text, question.language);
    return result.kind === 'answer' && result.entry.id === entry.id ? result.alternatives : [];
  }

  private answer(questionId: number, entry: Entry, language: Language, feedbackGiven: boolean, hedge?: HedgeData, extra: { intro?: string; askFeedback?: boolean } = {}): AdaptiveCard {
    const text = entry.text[language];
    return renderAnswerCard({
      language,
      questionId,
      ...(hedge === undefined ? {} : { hedge, intro: labelsFor(language, { title: text.title }).hedgedIntro }),
      ...extra,
      title: text.title,
      answer: text.answer,
      sourceUrl: entry.sourceUrl[language],
      followUps: entry.related
        .map((id) => this.knowledge.entry(id)?.text[language].questions[0])
        .filter((q): q is string => q !== undefined)
        // An alternative of a hedged answer is offered once, as an alternative.
        .filter((q) => !(hedge?.alternatives.some((a) => a.question === q) ?? false)),
      feedbackGiven,
      actions: this.entryActions(entry.id, language),
    });
  }

  private unknown(questionId: number, suggestions: Entry[], language: Language, forwarded: boolean): AdaptiveCard {
    return renderUnknownCard({
      language,
      questionId,
      suggestions: suggestions.map((e) => ({ title: e.text[language].title, question: e.text[language].questions[0] ?? e.text[language].title })),
      supportNames: supportNamePlaceholders(this.policy, language),
      supportEmail: this.policy.support.email,
      forwarded,
    });
  }
}

import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../../cards/render';
import { MAX_QUESTION_LENGTH, type AnswerService } from '../answers/answerService';
import { isDomainError, type DomainError } from '../errors';
import { detectLanguage, languageFromLocale } from '../knowledge/language';
import type { Logger } from '../logger';
import { supportNamePlaceholders, type Language, type Policy } from '../rules/policy';
import type { ConversationRepository } from '../storage/repositories';
import type { CardActions } from './cardActions';
import type { Presenter } from './presenter';
import type { ReminderPresenter } from './reminderPresenter';
import type { ExtensionChat } from './extensionChat';
import type { ConversationMemory } from './rememberConversation';
import type { LearnedCommand } from './learnedCommand';
import { userMessage } from './userMessages';
import { commandSays } from './commandPhrases';
import { allowedIn, type Where } from './commandRouter';
import { commandRouter, type Command } from './commands';
import type { SupportMembership } from './supportMembership';

export interface RulesBotDeps {
  answers: AnswerService;
  presenter: Presenter;
  cardActions: CardActions;
  memory: ConversationMemory;
  conversations: ConversationRepository;
  reminders: ReminderPresenter;
  extensions: ExtensionChat;
  support: SupportMembership;
  policy: Policy;
  logger: Logger;
  now?: () => Date;
  learned?: LearnedCommand;
}

/** The Teams edge: turns activities into calls on the answer service and results into cards. */
export class RulesBot extends TeamsActivityHandler {
  constructor(private readonly deps: RulesBotDeps) {
    super();

    this.onTurn(async (context, next) => {
      // Remembering who we can reach must never cost the person their answer: failures are logged, not thrown.
      await this.quietly('could not store conversation reference', () => deps.memory.remember(context));
      await next();
      await this.quietly('could not look up the roster', () => deps.memory.learnEmail(context));
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id === botId)) await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.extensions.save(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const language = languageFromLocale(context.activity.locale) ?? 'en';
    const verb = invokeValue.action?.verb;
    if (!this.deps.cardActions.has(verb)) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: userMessage(language, 'UnknownAction') } as never };
    }
    try {
      const result = await this.deps.cardActions.handle(verb, invokeValue.action.data, this.deps.extensions.actor(context));
      if ('startExtensionDialog' in result) {
        await this.deps.extensions.start(context, { language, videoId: result.startExtensionDialog.videoId });
        return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: (language === 'fi' ? 'Jatka keskustelua chatissa.' : "Let's continue in the chat.") as never };
      }
      if ('message' in result) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.message as never };
      return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: result.card as never };
    } catch (error) {
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: this.describe(error, language) as never };
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value = activity.value as { verb?: unknown; choice?: unknown } | undefined;
    if (value !== undefined && value !== null && typeof value === 'object' && 'verb' in value) {
      await this.handleSubmit(context, value);
      return;
    }
    if (await this.deps.extensions.endedButton(context)) return;
    // A button of a question card (follow-ups, dialog choices) counts as if its text had been typed.
    if (typeof value?.choice === 'string' && (activity.text ?? '').trim() === '') activity.text = value.choice.slice(0, MAX_QUESTION_LENGTH);

    const text = cleanText(TurnContext.removeRecipientMention(activity) ?? activity.text ?? '');
    const hint = languageFromLocale(activity.locale);
    const matched = commandRouter.match(text);
    if (await this.deps.extensions.isActive(context)) {
      if (matched?.command.id === 'cancel') await this.deps.extensions.cancel(context, matched.language ?? hint ?? 'en');
      else await this.deps.extensions.continue(context);
      return;
    }
    if (text === '') {
      await context.sendActivity(MessageFactory.text(userMessage(hint ?? 'en', 'EmptyQuestion')));
      return;
    }
    if (matched !== undefined) {
      await this.runCommand(context, matched.command, matched.language ?? hint ?? 'en');
      return;
    }
    if (text.length > MAX_QUESTION_LENGTH) {
      const language = detectLanguage(text.slice(0, 300), activity.locale);
      await context.sendActivity(MessageFactory.text(userMessage(language, 'QuestionTooLong', { length: text.length, max: MAX_QUESTION_LENGTH })));
      return;
    }
    const asked = await this.deps.answers.ask(text, {
      userId: activity.from.id,
      name: activity.from.name,
      conversationId: activity.conversation.id,
      locale: activity.locale,
    });
    await this.sendCard(context, this.deps.presenter.asked(asked));
  }

  /** A command runs only where its row allows and for whom it allows; otherwise the person is told why, in their words' language. */
  private async runCommand(context: TurnContext, command: Command, language: Language): Promise<void> {
    const where = whereOf(context);
    const name = command.phrases[language][0] ?? command.id;
    if (!allowedIn(command.scope, where)) {
      await context.sendActivity(MessageFactory.text(commandSays(language, where === 'personal' ? 'channelOnly' : 'personalOnly', { command: name })));
      return;
    }
    if (command.who === 'support' && !(await this.deps.support.isSupport(context))) {
      await context.sendActivity(MessageFactory.text(commandSays(language, 'supportOnly', { command: name })));
      return;
    }
    await command.handler({
      context,
      language,
      where,
      // The same support check that let the command through, so a support channel team member in 1:1 chat counts.
      actor: { ...this.deps.extensions.actor(context), inSupportTeam: () => this.deps.support.isSupport(context) },
      extensions: this.deps.extensions,
      reminders: this.deps.reminders,
      learned: this.deps.learned,
      helpCard: () => this.helpCard(context, language, 'help'),
      describe: (error) => this.describe(error, language),
    });
  }

  /** The welcome and help cards list the commands from the table: those that work here, support ones for support staff. */
  private async helpCard(context: TurnContext, language: Language, purpose: 'welcome' | 'help'): Promise<AdaptiveCard> {
    let support = false;
    await this.quietly('could not check support membership', async () => {
      support = await this.deps.support.isSupport(context);
    });
    return this.deps.presenter.welcome(language, purpose, commandRouter.helpLines(language, whereOf(context), support));
  }

  /** Action.Submit (the fallback of Action.Execute on older clients) arrives as a message; the card is edited in place. */
  private async handleSubmit(context: TurnContext, value: { verb?: unknown }): Promise<void> {
    const language = languageFromLocale(context.activity.locale) ?? 'en';
    const { verb, ...data } = value;
    if (!this.deps.cardActions.has(verb)) {
      await context.sendActivity(MessageFactory.text(userMessage(language, 'UnknownAction')));
      return;
    }
    try {
      const result = await this.deps.cardActions.handle(verb, data, this.deps.extensions.actor(context));
      const replyToId = context.activity.replyToId;
      if ('startExtensionDialog' in result) {
        await this.deps.extensions.start(context, { language, videoId: result.startExtensionDialog.videoId });
      } else if ('message' in result) {
        await context.sendActivity(MessageFactory.text(result.message));
      } else if (replyToId === undefined) {
        await this.sendCard(context, result.card);
      } else {
        await context.updateActivity({ type: ActivityTypes.Message, id: replyToId, attachments: [CardFactory.adaptiveCard(result.card)] });
      }
    } catch (error) {
      await context.sendActivity(MessageFactory.text(this.describe(error, language)));
    }
  }

  private async quietly(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, what);
    }
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (conversationId === undefined) return;
    const now = (this.deps.now ?? (() => new Date()))().toISOString();
    if (!(await this.deps.conversations.markWelcomed(conversationId, now))) return;
    const language = languageFromLocale(context.activity.locale) ?? 'en';
    await this.sendCard(context, await this.helpCard(context, language, 'welcome'));
  }

  private async sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  private describe(error: unknown, language: Language): string {
    const values = { email: this.deps.policy.support.email, ...supportNamePlaceholders(this.deps.policy, language) };
    if (isDomainError(error)) {
      const domainError: DomainError = error;
      this.deps.logger.info({ code: domainError.code, detail: domainError.message }, 'card action refused');
      return userMessage(language, domainError.code, values);
    }
    const correlationId = randomUUID();
    this.deps.logger.error({ err: error, correlationId }, 'card action failed');
    return userMessage(language, 'Unexpected', { ...values, correlationId });
  }
}

/** Team channels and group chats are both "channel" for the command table; a conversation without a type is 1:1. */
function whereOf(context: TurnContext): Where {
  const { conversation } = context.activity;
  if (conversation.conversationType === 'personal') return 'personal';
  return conversation.conversationType === undefined && conversation.isGroup !== true ? 'personal' : 'channel';
}

/** Teams may send HTML entities and non-breaking spaces; questions are compared as plain, single-spaced text. */
function cleanText(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

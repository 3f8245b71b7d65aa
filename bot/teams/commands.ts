import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/render';
import type { Language } from '../rules/policy';
import { commandSays } from './commandPhrases';
import { CommandRouter, type CommandRow, type Where } from './commandRouter';
import type { Actor } from './actor';
import type { ExtensionChat } from './extensionChat';
import type { LearnedCommand } from './learnedCommand';
import type { ReminderPresenter } from './reminderPresenter';

/** One typed command being run: the language of the words typed decides the language of the reply. */
export interface CommandTurn {
  context: TurnContext;
  language: Language;
  where: Where;
  extensions: ExtensionChat;
  reminders: ReminderPresenter;
  /** Who typed it; for support-only commands, as the router checked it. */
  actor: Actor;
  /** What support taught the bot (absent where the store cannot hold it). */
  learned: LearnedCommand | undefined;
  /** The help card for this person here, generated from this table. */
  helpCard(): Promise<AdaptiveCard>;
  /** A failure as the person should read it (a domain refusal, or "something went wrong" with a code). */
  describe(error: unknown): string;
}

export type CommandHandler = (turn: CommandTurn) => Promise<void>;
export type Command = CommandRow<CommandHandler>;

async function sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

async function sendText(context: TurnContext, text: string): Promise<void> {
  await context.sendActivity(MessageFactory.text(text));
}

/** Answers about captions offer the caption check. */
const CAPTION_RULES = ['caption_deadline', 'caption_course', 'media_alternative', 'audio', 'streaming', 'caption_language', 'asr_check'];

export const COMMANDS: Command[] = [
  {
    id: 'help',
    phrases: { en: ['help', 'hi', 'hello', 'how are you'], fi: ['ohje', 'apua', 'apu', 'hei', 'moi', 'mitä kuuluu'] },
    anyLanguage: ['start', '?'],
    help: { en: 'shows this list', fi: 'näyttää tämän listan' },
    scope: 'both',
    who: 'anyone',
    handler: async (turn) => sendCard(turn.context, await turn.helpCard()),
  },
  {
    id: 'captionCheck',
    phrases: {
      en: ['does my video need captions', 'does my video need subtitles', 'caption check'],
      fi: ['tarvitseeko videoni tekstitykset', 'tarvitseeko videoni tekstityksen', 'tarvitseeko videoni tekstitystä', 'tekstitystarkistus'],
    },
    help: {
      en: 'a few questions about your video, then whether it needs captions, by when, and the rule',
      fi: 'muutama kysymys videostasi, sitten tarvitseeko se tekstityksen, mihin mennessä ja millä säännöllä',
    },
    offeredOn: { entries: CAPTION_RULES, button: { en: 'Does my video need captions?', fi: 'Tarvitseeko videoni tekstitykset?' } },
    scope: 'personal',
    who: 'anyone',
    handler: async (turn) => turn.extensions.startCaptionCheck(turn.context, { language: turn.language }),
  },
  {
    id: 'myVideos',
    phrases: { en: ['my videos', 'my recordings'], fi: ['omat videot', 'omat videoni', 'videoni', 'omat tallenteet'] },
    help: {
      en: 'your videos whose captions are due or that will soon move to the trash',
      fi: 'videosi, joiden tekstitys on pian määräajassa tai jotka siirtyvät pian roskakoriin',
    },
    scope: 'personal',
    who: 'anyone',
    handler: async (turn) => {
      const { context } = turn;
      try {
        await sendCard(context, await turn.reminders.myVideos(context.activity.from.id, context.activity.locale, turn.language));
      } catch (error) {
        await sendText(context, turn.describe(error));
      }
    },
  },
  {
    id: 'extend',
    phrases: { en: ['extend', 'request extension', 'extension'], fi: ['pidennä', 'pyydä pidennystä', 'pidennys'] },
    help: { en: 'ask to keep a video longer than its lifecycle', fi: 'pyydä videolle elinkaarta pidempää säilytystä' },
    offeredOn: { entries: ['extension'], button: { en: 'Request an extension', fi: 'Pyydä pidennystä' } },
    scope: 'personal',
    who: 'anyone',
    handler: async (turn) => turn.extensions.start(turn.context, { language: turn.language }),
  },
  {
    id: 'myRequests',
    phrases: { en: ['my requests'], fi: ['omat pyynnöt', 'pyyntöni'] },
    help: { en: 'your extension requests and what was decided', fi: 'pidennyspyyntösi ja niiden päätökset' },
    scope: 'personal',
    who: 'anyone',
    handler: async (turn) => turn.extensions.myRequests(turn.context, turn.language),
  },
  {
    id: 'pending',
    phrases: { en: ['pending'], fi: ['odottavat'] },
    help: {
      en: 'extension requests waiting for a decision, oldest first (support staff)',
      fi: 'päätöstä odottavat pidennyspyynnöt, vanhin ensin (palvelupisteen henkilökunta)',
    },
    scope: 'both',
    who: 'support',
    handler: async (turn) => {
      await turn.extensions.pending(turn.context);
      // The list has no buttons: the decisions are taken on the approval cards, which live in the support channel.
      if (turn.where === 'personal') await sendText(turn.context, commandSays(turn.language, 'pendingInChannel'));
    },
  },
  {
    id: 'learned',
    phrases: { en: ['learned', 'learned phrasings'], fi: ['opitut', 'opitut kysymykset'] },
    help: {
      en: 'the wordings support taught me, to check or remove (support staff)',
      fi: 'sanamuodot, jotka palvelupiste on opettanut minulle: tarkista tai poista (palvelupisteen henkilökunta)',
    },
    scope: 'both',
    who: 'support',
    handler: async (turn) => turn.learned?.show(turn.context, turn.actor, turn.language),
  },
  {
    id: 'cancel',
    phrases: { en: ['cancel', 'stop', 'quit'], fi: ['peruuta', 'lopeta', 'keskeytä'] },
    help: { en: 'stops a conversation with me at any step', fi: 'keskeyttää keskustelun missä vaiheessa tahansa' },
    scope: 'both',
    who: 'anyone',
    // An open dialog takes "cancel" before the table is consulted; reaching here means there was none.
    handler: async (turn) => sendText(turn.context, commandSays(turn.language, 'nothingToCancel')),
  },
];

export const commandRouter = new CommandRouter(COMMANDS);

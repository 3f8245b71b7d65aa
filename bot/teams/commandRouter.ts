import type { Language } from '../rules/policy';

/**
 * Typed commands, as one table: what people type (per language), where the command works, who may use it and what
 * it does. The router only matches and describes; the rows are in commands.ts. Pure: no Teams, no I/O.
 */

/** 'channel' covers every shared conversation (team channels and group chats). */
export type CommandScope = 'personal' | 'channel' | 'both';
export type CommandAudience = 'anyone' | 'support';
export type Where = 'personal' | 'channel';

export interface CommandRow<H> {
  id: string;
  /** Typed whole, in any case, with or without closing punctuation. The first English/Finnish phrase is the name in help. */
  phrases: Record<Language, readonly string[]>;
  /** Words of no particular language ("?"): the reply follows the Teams locale. */
  anyLanguage?: readonly string[];
  /** The line the help card shows; a row without it is not listed. */
  help?: Record<Language, string>;
  /** Answer cards of these rules offer the command as a button. */
  offeredOn?: { entries: readonly string[]; button: Record<Language, string> };
  scope: CommandScope;
  who: CommandAudience;
  handler: H;
}

export interface Matched<H> {
  command: CommandRow<H>;
  /** The language of the phrase typed; undefined for language-neutral words. */
  language: Language | undefined;
}

export interface HelpLine {
  phrase: string;
  description: string;
}

export interface CommandButton {
  title: string;
  /** Sent back as if typed: the command's phrase in the card's language. */
  choice: string;
}

const LANGUAGES: readonly Language[] = ['en', 'fi'];

/** "Pending!" and "pending" are the same command; a lone "?" stays "?". */
export function normalizeCommand(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/(?<=.)[!.?]+$/, '');
}

export function allowedIn(scope: CommandScope, where: Where): boolean {
  return scope === 'both' || scope === where;
}

export class CommandRouter<H> {
  private readonly byPhrase = new Map<string, Matched<H>>();

  constructor(readonly commands: ReadonlyArray<CommandRow<H>>) {
    const add = (phrase: string, command: CommandRow<H>, language: Language | undefined) => {
      const key = normalizeCommand(phrase);
      const taken = this.byPhrase.get(key);
      // Two rows answering the same words would make one of them unreachable: refuse at start, not at random later.
      if (taken !== undefined && taken.command !== command) throw new Error(`the phrase "${key}" belongs to both ${taken.command.id} and ${command.id}`);
      this.byPhrase.set(key, { command, language });
    };
    for (const command of commands) {
      for (const language of LANGUAGES) for (const phrase of command.phrases[language]) add(phrase, command, language);
      for (const phrase of command.anyLanguage ?? []) add(phrase, command, undefined);
    }
  }

  match(text: string): Matched<H> | undefined {
    return this.byPhrase.get(normalizeCommand(text));
  }

  /** The help card's lines: the commands this person may use here, in their language. */
  helpLines(language: Language, where: Where, support: boolean): HelpLine[] {
    return this.commands
      .filter((c) => c.help !== undefined && allowedIn(c.scope, where) && (c.who === 'anyone' || support))
      .map((c) => ({ phrase: c.phrases[language][0] ?? c.id, description: c.help?.[language] ?? '' }));
  }

  /** Buttons an answer card of this rule offers, in the card's language. */
  buttonsFor(entryId: string, language: Language): CommandButton[] {
    return this.commands
      .filter((c) => c.offeredOn?.entries.includes(entryId) === true)
      .map((c) => ({ title: c.offeredOn?.button[language] ?? c.id, choice: c.phrases[language][0] ?? c.id }));
  }
}

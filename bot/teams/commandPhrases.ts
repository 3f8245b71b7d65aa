import type { Language } from '../rules/policy';
import { fillTemplate } from '../template';

/** What the bot says about a command itself: where it works, who may use it. */
const PHRASES = {
  en: {
    personalOnly: '**{command}** works in our 1:1 chat: open a chat with me and type it there.',
    channelOnly: '**{command}** works in a team channel.',
    supportOnly: '**{command}** is for support staff. Your own extension requests are under **my requests**.',
    pendingInChannel: 'Extension requests are decided on their cards in the support channel; this list is for reference.',
    nothingToCancel: 'There is nothing to cancel.',
  },
  fi: {
    personalOnly: '**{command}** toimii kahdenkeskisessä keskustelussamme: avaa keskustelu kanssani ja kirjoita se siellä.',
    channelOnly: '**{command}** toimii tiimin kanavalla.',
    supportOnly: '**{command}** on vain pidennyspyyntöjen käsittelijöille. Omat pidennyspyyntösi näet komennolla **omat pyynnöt**.',
    pendingInChannel: 'Pidennyspyynnöistä päätetään niiden korteilla käsittelijöiden kanavalla; tämä lista on vain tiedoksi.',
    nothingToCancel: 'Ei mitään peruttavaa.',
  },
} satisfies Record<Language, Record<string, string>>;

export type CommandPhrase = keyof (typeof PHRASES)['en'];

export function commandSays(language: Language, phrase: CommandPhrase, values: Record<string, string> = {}): string {
  return fillTemplate(PHRASES[language][phrase], values);
}

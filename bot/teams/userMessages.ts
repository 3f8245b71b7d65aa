import type { DomainErrorCode } from '../errors';
import type { Language } from '../rules/policy';

/** What a person reads when something goes wrong: short, in their language, never a stack or internal detail. */

const MESSAGES: Record<Language, Record<DomainErrorCode | 'Unexpected' | 'EmptyQuestion' | 'QuestionTooLong', string>> = {
  en: {
    NotFound: 'I could not find that item any more. Please ask your question again.',
    NotAsker: 'Only the person who asked this question can do that.',
    NotOwner: "Only the video's owner can do that. If you think you should be able to, contact {email}.",
    ReasonInvalid: 'Please write a real sentence as the reason (at most the length the box allows).',
    NotSupportStaff: 'Only support staff can decide extension requests.',
    AlreadyDone: 'That was already done.',
    InvalidInput: 'That action does not apply to this card.',
    SupportNotConfigured: 'Forwarding questions is not set up yet. Please e-mail {email}.',
    SupportUnavailable: 'I could not reach support just now, so nothing was sent. Please try again in a moment, or e-mail {email}.',
    TooManyForwards: 'You have sent support several questions in the last hour, so this one was not sent. Please try again later, or e-mail {email}.',
    UnknownAction: 'This card is out of date. Please ask your question again.',
    Unexpected: 'Something went wrong on my side. Please try again. If it keeps happening, tell support this code: {correlationId}.',
    EmptyQuestion: 'Please type a question about the Panopto rules, or **help** to see what I can do.',
    QuestionTooLong: 'That message is too long for me ({length} characters). Please ask in at most {max} characters.',
  },
  fi: {
    NotFound: 'En löytänyt sitä enää. Kysy kysymyksesi uudelleen.',
    NotAsker: 'Vain kysymyksen esittäjä voi tehdä tämän.',
    NotOwner: 'Vain videon omistaja voi tehdä tämän. Jos sinun pitäisi voida, ota yhteyttä: {email}.',
    ReasonInvalid: 'Kirjoita perusteluksi oikea lause (enintään kentän sallima pituus).',
    NotSupportStaff: 'Vain tuen henkilökunta voi päättää pidennyspyynnöistä.',
    AlreadyDone: 'Tämä on jo tehty.',
    InvalidInput: 'Toiminto ei koske tätä korttia.',
    SupportNotConfigured: 'Kysymysten välitystä ei ole vielä otettu käyttöön. Lähetä sähköpostia osoitteeseen {email}.',
    SupportUnavailable: 'En saanut juuri nyt yhteyttä tukeen, joten mitään ei lähetetty. Yritä hetken päästä uudelleen tai lähetä sähköpostia osoitteeseen {email}.',
    TooManyForwards: 'Olet lähettänyt tuelle useita kysymyksiä viimeisen tunnin aikana, joten tätä ei lähetetty. Yritä myöhemmin uudelleen tai lähetä sähköpostia osoitteeseen {email}.',
    UnknownAction: 'Tämä kortti on vanhentunut. Kysy kysymyksesi uudelleen.',
    Unexpected: 'Jokin meni pieleen. Yritä uudelleen. Jos virhe toistuu, kerro tuelle tämä koodi: {correlationId}.',
    EmptyQuestion: 'Kirjoita kysymys Panopton säännöistä, tai **ohje** nähdäksesi mitä osaan.',
    QuestionTooLong: 'Viesti on minulle liian pitkä ({length} merkkiä). Kysy enintään {max} merkillä.',
  },
};

export type MessageKey = keyof (typeof MESSAGES)['en'];

export function userMessage(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}

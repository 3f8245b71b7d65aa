import type { DomainErrorCode } from '../errors';
import type { Language } from '../rules/policy';
import { fillTemplate } from '../template';

/**
 * What a person reads when something goes wrong: short, in their language, never a stack or internal detail.
 * Values: {email}, {correlationId}, {length}, {max}, and the support team's name in the case a sentence needs ({support},
 * {support:gen}, {support:all}, {support:ill}: supportNamePlaceholders).
 */

export const MESSAGES: Record<Language, Record<DomainErrorCode | 'Unexpected' | 'EmptyQuestion' | 'QuestionTooLong', string>> = {
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
    AskerUnreachable: 'I could not reach the person who asked just now, so nothing was sent. Please try again in a moment, or chat with them directly.',
    ReplyInvalid: 'Please write a reply (at most 2000 characters).',
    Unexpected: 'Something went wrong on my side. Please try again. If it keeps happening, tell {support} this code: {correlationId}.',
    EmptyQuestion: 'Please type a question about the Panopto rules, or **help** to see what I can do.',
    QuestionTooLong: 'That message is too long for me ({length} characters). Please ask in at most {max} characters.',
  },
  fi: {
    NotFound: 'En löydä tätä enää. Se on ehkä poistettu tai vanhentunut.',
    NotAsker: 'Vain kysymyksen esittäjä voi tehdä tämän.',
    NotOwner: 'Vain videon omistaja voi tehdä tämän. Jos mielestäsi sinulla pitäisi olla siihen oikeus, ota yhteyttä osoitteeseen {email}.',
    ReasonInvalid: 'Kirjoita kenttään selkeä vastaus kokonaisin sanoin. Teksti ei saa olla liian lyhyt eikä liian pitkä.',
    NotSupportStaff: 'Vain {support:gen} henkilökunta voi päättää pidennyspyynnöistä.',
    AlreadyDone: 'Tämä on jo tehty.',
    InvalidInput: 'Tätä toimintoa ei voi käyttää tässä kortissa.',
    SupportNotConfigured: 'Kysymysten välittäminen ei ole vielä käytössä. Lähetä kysymyksesi sähköpostilla osoitteeseen {email}.',
    SupportUnavailable: 'En saanut juuri nyt yhteyttä {support:ill}, joten mitään ei lähetetty. Yritä hetken kuluttua uudelleen tai lähetä sähköpostia osoitteeseen {email}.',
    TooManyForwards: 'Olet lähettänyt {support:all} useita kysymyksiä viimeisen tunnin aikana, joten tätä ei lähetetty. Yritä myöhemmin uudelleen tai lähetä sähköpostia osoitteeseen {email}.',
    UnknownAction: 'Tämä kortti on vanhentunut. Esitä kysymys uudelleen.',
    AskerUnreachable: 'En tavoittanut kysyjää juuri nyt, joten mitään ei lähetetty. Yritä hetken kuluttua uudelleen tai ota häneen yhteyttä suoraan.',
    ReplyInvalid: 'Kirjoita vastaus (enintään 2000 merkkiä).',
    Unexpected: 'Jokin meni vikaan. Yritä uudelleen. Jos virhe toistuu, ilmoita {support:all} tämä koodi: {correlationId}.',
    EmptyQuestion: 'Kirjoita kysymys Panopton säännöistä tai kirjoita **ohje**, niin näet, mitä osaan.',
    QuestionTooLong: 'Viestisi on liian pitkä ({length} merkkiä). Kirjoita kysymys lyhyemmin, enintään {max} merkillä.',
  },
};

export type MessageKey = keyof (typeof MESSAGES)['en'];

export function userMessage(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return fillTemplate(MESSAGES[language][key], values);
}

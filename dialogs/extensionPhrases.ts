import { fillMarkdown } from '../cards/markdown';
import type { Language } from '../bot/rules/policy';

/** What the extension dialog says, per language. */
const PHRASES = {
  en: {
    whichVideo: 'Which video should be kept longer?',
    noVideos: 'I know of no Panopto videos of yours, so there is nothing to extend. (Panopto is read once a day.)',
    notOwner: "Only the video's owner can request an extension for it.",
    videoGone: 'I cannot find that video any more.',
    why: 'Why must "{title}" be kept beyond {date}? Write a sentence or two, for example: "It is used in the Statistics course every spring until 2028." Type cancel to stop.',
    whyAgain: 'Why should the video be kept? Type cancel to stop.',
    whyEmpty: 'Please write the reason.',
    whyTooLong: 'That is {length} characters; please keep it under {max}.',
    whyNotSentence: 'Please write a real sentence that says why the video is still needed.',
    howLong: 'For how long? (At latest {max}.)',
    until: 'until',
    otherDate: 'Until a date I choose',
    whichDate: 'Until which date? For example 31.12.2028 or 2028-12-31 (at latest {max}).',
    dateUnreadable: 'I could not read that as a date. Please write it like 31.12.2028.',
    dateTooEarly: 'That is not later than the current trash date ({trash}). Please choose a later date.',
    dateTooLate: 'The rules allow extensions until {max} at most. Please choose an earlier date.',
    summary: 'Request an extension for "{title}" until {until}, because: "{why}"',
    send: 'Send request',
    cancelChoice: 'Cancel',
    cancelled: 'Cancelled. Nothing was sent.',
    notSent: 'The request could not be sent; nothing was stored. Please start again.',
    whyInTrash: 'Why must "{title}" be kept? It has been in the trash since {date}. Write a sentence or two, for example: "It is used in the Statistics course every spring until 2028." Type cancel to stop.',
    dateNotFuture: 'The video is already in the trash, so the date must be in the future (from {earliest}). Please choose a later date.',
    allPending: 'Each of your videos I know of already has an open extension request. Type my requests to see them.',
    sendOrCancel: 'Nothing is sent until you press Send request. Press Send request or Cancel.',
    staleButton: 'That button belongs to an earlier question, so I did nothing with it. Please answer the latest question.',
    buttonEnded: 'That button belongs to an extension request conversation that has ended, so I did nothing with it. Type extend to start a new one.',
    expired: 'Your unfinished extension request was closed after a long pause; nothing was sent. Type extend to start again.',
  },
  fi: {
    whichVideo: 'Minkä videon säilytystä pidennetään?',
    noVideos: 'En tiedä sinulla olevan Panopto-videoita, joten pidennettävää ei ole. (Panopto luetaan kerran päivässä.)',
    notOwner: 'Vain videon omistaja voi pyytää sille pidennystä.',
    videoGone: 'En löydä videota enää.',
    why: 'Miksi "{title}" pitää säilyttää {date} jälkeen? Kirjoita lause tai kaksi, esimerkiksi: "Sitä käytetään tilastotieteen kurssilla joka kevät vuoteen 2028 asti." Kirjoita peruuta lopettaaksesi.',
    whyAgain: 'Miksi video pitää säilyttää? Kirjoita peruuta lopettaaksesi.',
    whyEmpty: 'Kirjoita perustelu.',
    whyTooLong: 'Perustelussa on {length} merkkiä; enintään {max} mahtuu.',
    whyNotSentence: 'Kirjoita oikea lause siitä, miksi videota vielä tarvitaan.',
    howLong: 'Kuinka pitkäksi aikaa? (Enintään {max} asti.)',
    until: 'asti',
    otherDate: 'Valitsemaani päivään asti',
    whichDate: 'Mihin päivään asti? Esimerkiksi 31.12.2028 (enintään {max}).',
    dateUnreadable: 'En tunnistanut päivämäärää. Kirjoita se muodossa 31.12.2028.',
    dateTooEarly: 'Päivä ei ole nykyisen roskakoripäivän ({trash}) jälkeen. Valitse myöhäisempi päivä.',
    dateTooLate: 'Säännöt sallivat pidennyksen enintään {max} asti. Valitse aiempi päivä.',
    summary: 'Pyydetäänkö videolle "{title}" pidennystä {until} asti, perusteluna: "{why}"',
    send: 'Lähetä pyyntö',
    cancelChoice: 'Peruuta',
    cancelled: 'Peruttu. Mitään ei lähetetty.',
    notSent: 'Pyyntöä ei voitu lähettää eikä mitään tallennettu. Aloita uudelleen.',
    whyInTrash: 'Miksi "{title}" pitää säilyttää? Se on ollut roskakorissa {date} alkaen. Kirjoita lause tai kaksi, esimerkiksi: "Sitä käytetään tilastotieteen kurssilla joka kevät vuoteen 2028 asti." Kirjoita peruuta lopettaaksesi.',
    dateNotFuture: 'Video on jo roskakorissa, joten päivän pitää olla tulevaisuudessa ({earliest} tai myöhemmin). Valitse myöhäisempi päivä.',
    allPending: 'Jokaiselle tuntemalleni videollesi on jo avoin pidennyspyyntö. Kirjoita omat pyynnöt nähdäksesi ne.',
    sendOrCancel: 'Mitään ei lähetetä ennen kuin painat Lähetä pyyntö. Paina Lähetä pyyntö tai Peruuta.',
    staleButton: 'Painike kuuluu aiempaan kysymykseen, joten en tehnyt sillä mitään. Vastaa viimeisimpään kysymykseen.',
    buttonEnded: 'Painike kuuluu jo päättyneeseen pidennyspyyntöön, joten en tehnyt sillä mitään. Kirjoita pidennä aloittaaksesi uuden.',
    expired: 'Keskeneräinen pidennyspyyntösi suljettiin pitkän tauon jälkeen; mitään ei lähetetty. Kirjoita pidennä aloittaaksesi uudelleen.',
  },
} satisfies Record<Language, Record<string, string>>;

export type Phrase = keyof (typeof PHRASES)['en'];

export function say(language: Language, phrase: Phrase, values: Record<string, string | number> = {}): string {
  // The values are titles, reasons and dates shown inside Markdown text: escaped where they stand.
  return fillMarkdown(PHRASES[language][phrase], values);
}

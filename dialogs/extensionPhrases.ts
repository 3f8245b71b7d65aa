import { fillMarkdown } from '../bot/markdown';
import type { Language } from '../bot/rules/policy';

/** What the extension dialog says, per language. */
export const PHRASES = {
  en: {
    whichVideo: 'Which video should be kept longer?',
    noVideos: 'I know of no Panopto videos of yours, so there is nothing to extend. (Panopto is read once a day.)',
    notOwner: "Only the video's owner can request an extension for it.",
    videoGone: 'I cannot find that video any more.',
    why: 'Why must "{title}" be kept beyond {date}? Write a sentence or two, for example: "It is used in the Statistics course every spring until 2028." Type **cancel** to stop.',
    whyInTrash: '"{title}" is already in the trash and will be deleted for good on {date}. Why must it be kept? Write a sentence or two, for example: "It is used in the Statistics course every spring until 2028." Type **cancel** to stop.',
    whyAgain: 'Why should the video be kept? Type **cancel** to stop.',
    whyEmpty: 'Please write the reason.',
    whyTooLong: 'That is {length} characters; please keep it under {max}.',
    whyNotSentence: 'Please write a real sentence that says why the video is still needed.',
    howLong: 'For how long? (At latest {max}.)',
    durationChoice: '{duration} (until {date})',
    otherDate: 'Until a date I choose',
    whichDate: 'Until which date? For example 31.12.2028 or 2028-12-31 (at latest {max}).',
    dateUnreadable: 'I could not read that as a date. Please write it like 31.12.2028.',
    dateTooEarly: 'The date must be later than {trash}. Please choose a later date.',
    dateTooLate: 'The rules allow extensions until {max} at most. Please choose an earlier date.',
    summary: 'Request an extension for "{title}" until {until}, because: "{why}"',
    send: 'Send request',
    cancelChoice: 'Cancel',
    cancelled: 'Cancelled. Nothing was sent.',
    notSent: 'The request could not be sent; nothing was stored. Please start again.',
    dateNotFuture: 'The video is already in the trash, so the date must be in the future (from {earliest}). Please choose a later date.',
    allPending: 'Each of your videos I know of already has an open extension request. Type **my requests** to see them.',
    sendOrCancel: 'Nothing is sent until you press Send request. Press Send request or Cancel.',
    staleButton: 'That button belongs to an earlier question, so I did nothing with it. Please answer the latest question.',
    buttonEnded: 'That button belongs to an extension request conversation that has ended, so I did nothing with it. Type **extend** to start a new one.',
    expired: 'Your unfinished extension request was closed after a long pause; nothing was sent. Type **extend** to start again.',
  },
  fi: {
    whichVideo: 'Minkä videon säilytysaikaa haluat pidentää?',
    noVideos: 'En löydä Panoptosta videoitasi, joten pidennettävää ei ole. (Tiedot päivitetään Panoptosta kerran päivässä.)',
    notOwner: 'Vain videon omistaja voi pyytää sille pidennystä.',
    videoGone: 'En löydä tätä videota enää.',
    why: 'Video "{title}" siirtyy roskakoriin {date}. Miksi se pitää säilyttää pidempään? Kirjoita lause tai kaksi, esimerkiksi: "Videota käytetään tilastotieteen kurssilla joka kevät vuoteen 2028 asti." Voit keskeyttää kirjoittamalla **peruuta**.',
    whyInTrash: 'Video "{title}" on jo roskakorissa ja se poistetaan lopullisesti {date}. Miksi se pitää säilyttää? Kirjoita lause tai kaksi, esimerkiksi: "Videota käytetään tilastotieteen kurssilla joka kevät vuoteen 2028 asti." Voit keskeyttää kirjoittamalla **peruuta**.',
    whyAgain: 'Miksi video pitää säilyttää? Voit keskeyttää kirjoittamalla **peruuta**.',
    whyEmpty: 'Kirjoita perustelu.',
    whyTooLong: 'Perustelussasi on {length} merkkiä. Lyhennä se enintään {max} merkkiin.',
    whyNotSentence: 'Kerro kokonaisella lauseella, miksi videota vielä tarvitaan.',
    howLong: 'Kuinka pitkäksi ajaksi? Viimeinen mahdollinen päivä on {max}.',
    durationChoice: '{duration} ({date} asti)',
    otherDate: 'Valitsen päivän itse',
    whichDate: 'Mihin päivään asti? Kirjoita päivämäärä, esimerkiksi 31.12.2028. Viimeinen mahdollinen päivä on {max}.',
    dateUnreadable: 'En tunnistanut päivämäärää. Kirjoita se muodossa 31.12.2028.',
    dateTooEarly: 'Päivän pitää olla {trash} jälkeen. Valitse myöhempi päivä.',
    dateTooLate: 'Sääntöjen mukaan viimeinen mahdollinen päivä on {max}. Valitse aiempi päivä.',
    summary: 'Haluatko pyytää, että video "{title}" säilytetään {until} asti? Perustelusi: "{why}"',
    send: 'Lähetä pyyntö',
    cancelChoice: 'Peruuta',
    cancelled: 'Peruttu. Mitään ei lähetetty.',
    notSent: 'Pyynnön lähettäminen epäonnistui eikä mitään tallennettu. Aloita alusta kirjoittamalla **pidennä**.',
    dateNotFuture: 'Video on jo roskakorissa, joten päivän pitää olla aikaisintaan {earliest}. Valitse myöhempi päivä.',
    allPending: 'Jokaisesta Panoptossa olevasta videostasi on jo käsittelemätön pidennyspyyntö. Kirjoita **omat pyynnöt**, niin näet ne.',
    sendOrCancel: 'Pyyntö lähtee vasta, kun painat "Lähetä pyyntö". Valitse "Lähetä pyyntö" tai "Peruuta".',
    staleButton: 'Tuo painike kuuluu aiempaan kysymykseen, joten en tehnyt sillä mitään. Vastaa uusimpaan kysymykseen.',
    buttonEnded: 'Tuo painike kuuluu jo päättyneeseen keskusteluun, joten en tehnyt sillä mitään. Voit aloittaa uuden pidennyspyynnön kirjoittamalla **pidennä**.',
    expired: 'Keskeneräinen pidennyspyyntösi suljettiin, koska et jatkanut sitä pitkään aikaan. Mitään ei lähetetty. Voit aloittaa alusta kirjoittamalla **pidennä**.',
  },
} satisfies Record<Language, Record<string, string>>;

export type Phrase = keyof (typeof PHRASES)['en'];

export function say(language: Language, phrase: Phrase, values: Record<string, string | number> = {}): string {
  // The values are titles, reasons and dates shown inside Markdown text: escaped where they stand.
  return fillMarkdown(PHRASES[language][phrase], values);
}

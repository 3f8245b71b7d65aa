import type { Language } from '../bot/rules/policy';
import { fillTemplate } from '../bot/template';

/** Every fixed word the cards show, per language. Rule content never lives here: it comes from the knowledge base. */
export const LABELS = {
  en: {
    source: 'Read the rules',
    relatedHeading: 'Related questions',
    helpfulPrompt: 'Was this helpful?',
    helpful: 'Yes',
    notHelpful: 'No',
    feedbackThanks: 'Thanks, your feedback was recorded.',
    unknownTitle: "Sorry, I don't know the answer to that.",
    unknownBody: 'I answer questions about the Panopto rules. I could not find a rule that answers your question.',
    suggestionsHeading: 'Maybe you meant one of these:',
    askSupport: 'Ask support',
    askSupportBody: 'I can forward your question to {support}, or you can e-mail {email}.',
    forwarded: 'Your question was sent to {support}. They will get back to you.',
    welcomeTitle: 'Hi! I answer questions about the Panopto rules.',
    welcomeBody: 'Ask me in English or Finnish, for example:',
    helpTitle: 'What I can do',
    helpBody: 'Ask a question about the Panopto rules in English or Finnish. Type **help** to see this again.',
    hedgedIntro: 'I think you are asking about *{title}*:',
    alternativesHeading: 'Or did you mean:',
    notWhatIMeant: 'Not what I meant',
    supportAnsweredIntro: '{name} from {support} answered your question "{question}":',
    commandsHeading: 'You can also type:',
  },
  fi: {
    source: 'Lue yleisohjeet',
    relatedHeading: 'Aiheeseen liittyviä kysymyksiä',
    helpfulPrompt: 'Oliko vastauksesta apua?',
    helpful: 'Kyllä',
    notHelpful: 'Ei',
    feedbackThanks: 'Kiitos palautteesta!',
    unknownTitle: 'Valitettavasti en tiedä vastausta tähän.',
    unknownBody: 'Vastaan Panopton sääntöjä koskeviin kysymyksiin. En löytänyt sääntöä, joka vastaisi kysymykseesi.',
    suggestionsHeading: 'Tarkoititko jotakin näistä?',
    askSupport: 'Välitä kysymys',
    askSupportBody: 'Voin välittää kysymyksesi {support:all}. Voit myös lähettää sähköpostia osoitteeseen {email}.',
    forwarded: 'Kysymyksesi on välitetty {support:all}. Sieltä otetaan sinuun yhteyttä.',
    welcomeTitle: 'Hei! Vastaan Panopton sääntöjä koskeviin kysymyksiin.',
    welcomeBody: 'Kysy suomeksi tai englanniksi, esimerkiksi:',
    helpTitle: 'Mitä osaan',
    helpBody: 'Kysy Panopton säännöistä suomeksi tai englanniksi. Kirjoita **ohje**, niin näet tämän uudelleen.',
    hedgedIntro: 'Kysyt ehkä aiheesta *{title}*:',
    alternativesHeading: 'Vai tarkoititko:',
    notWhatIMeant: 'En tarkoittanut tätä',
    supportAnsweredIntro: '{name} ({support}) vastasi kysymykseesi "{question}":',
    commandsHeading: 'Voit myös kirjoittaa:',
  },
} satisfies Record<Language, Record<string, string>>;

export type Labels = (typeof LABELS)['en'];

export function labelsFor(language: Language, values: Record<string, string> = {}): Labels {
  const labels = { ...LABELS[language] };
  for (const key of Object.keys(labels) as Array<keyof Labels>) {
    labels[key] = fillTemplate(labels[key], values);
  }
  return labels;
}

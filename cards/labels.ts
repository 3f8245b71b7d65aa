import type { Language } from '../bot/rules/policy';

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
    commandsHeading: 'You can also type:',
    supportTitle: 'A question the bot could not answer',
    supportAskedBy: 'Asked by',
    supportLanguage: 'Language',
    supportAskedAt: 'Asked at',
  },
  fi: {
    source: 'Lue säännöt',
    relatedHeading: 'Aiheeseen liittyvät kysymykset',
    helpfulPrompt: 'Oliko vastauksesta apua?',
    helpful: 'Kyllä',
    notHelpful: 'Ei',
    feedbackThanks: 'Kiitos, palautteesi tallennettiin.',
    unknownTitle: 'Valitettavasti en tiedä vastausta tähän.',
    unknownBody: 'Vastaan Panopton sääntöjä koskeviin kysymyksiin. En löytänyt sääntöä, joka vastaisi kysymykseesi.',
    suggestionsHeading: 'Tarkoititko jotakin näistä?',
    askSupport: 'Kysy tuelta',
    askSupportBody: 'Voin välittää kysymyksesi: {support}. Voit myös lähettää sähköpostia osoitteeseen {email}.',
    forwarded: 'Kysymyksesi välitettiin: {support}. Sinuun otetaan yhteyttä.',
    welcomeTitle: 'Hei! Vastaan Panopton sääntöjä koskeviin kysymyksiin.',
    welcomeBody: 'Kysy suomeksi tai englanniksi, esimerkiksi:',
    helpTitle: 'Mitä osaan',
    helpBody: 'Kysy Panopton säännöistä suomeksi tai englanniksi. Kirjoita **ohje** nähdäksesi tämän uudelleen.',
    commandsHeading: 'Voit myös kirjoittaa:',
    supportTitle: 'Kysymys, johon botti ei osannut vastata',
    supportAskedBy: 'Kysyjä',
    supportLanguage: 'Kieli',
    supportAskedAt: 'Kysytty',
  },
} satisfies Record<Language, Record<string, string>>;

export type Labels = (typeof LABELS)['en'];

export function labelsFor(language: Language, values: Record<string, string> = {}): Labels {
  const labels = { ...LABELS[language] };
  for (const key of Object.keys(labels) as Array<keyof Labels>) {
    labels[key] = labels[key].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
  }
  return labels;
}

import type { Duration, Language } from '../rules/policy';

/**
 * How a policy duration is said in a sentence. Finnish needs the case the sentence asks for:
 * - 'nom', the duration named on its own (a button, a subject): "yksi vuosi", "kaksi vuotta";
 * - 'acc', how long something lasts or how long after ("säilyy …", "… viimeisen katselun jälkeen"): "yhden vuoden", "kaksi vuotta";
 * - 'gen', before a postposition ("… kuluessa", "… kuluttua"): "yhden vuoden", "kahden vuoden".
 */
export type GrammaticalCase = 'nom' | 'acc' | 'gen';

const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const FI_NUMBERS_NOM = ['nolla', 'yksi', 'kaksi', 'kolme', 'neljä', 'viisi', 'kuusi', 'seitsemän', 'kahdeksan', 'yhdeksän', 'kymmenen'];
const FI_NUMBERS_GEN = ['nollan', 'yhden', 'kahden', 'kolmen', 'neljän', 'viiden', 'kuuden', 'seitsemän', 'kahdeksan', 'yhdeksän', 'kymmenen'];

type Unit = 'years' | 'months' | 'days';

// Finnish: numeral + partitive singular in the nominative ("kaksi vuotta"), genitive singular in the genitive ("kahden vuoden").
// The accusative of a duration is the nominative, except that "yksi" takes the genitive ending: "(yhden) vuoden".
const UNIT_WORDS: Record<Unit, { en: [string, string]; fiNom: [string, string]; fiGen: string }> = {
  years: { en: ['year', 'years'], fiNom: ['vuosi', 'vuotta'], fiGen: 'vuoden' },
  months: { en: ['month', 'months'], fiNom: ['kuukausi', 'kuukautta'], fiGen: 'kuukauden' },
  days: { en: ['day', 'days'], fiNom: ['päivä', 'päivää'], fiGen: 'päivän' },
};

function unitOf(duration: Duration): [Unit, number] {
  if (duration.years !== undefined) return ['years', duration.years];
  if (duration.months !== undefined) return ['months', duration.months];
  return ['days', duration.days ?? 0];
}

/** Years and months read better spelled out ("two years"); day counts stay as digits ("180 days"). */
function numberWord(n: number, unit: Unit, words: string[]): string {
  return unit !== 'days' && n <= 10 ? (words[n] ?? String(n)) : String(n);
}

export function formatDuration(duration: Duration, language: Language, grammaticalCase: GrammaticalCase = 'nom'): string {
  const [unit, n] = unitOf(duration);
  const words = UNIT_WORDS[unit];
  if (language === 'en') return `${numberWord(n, unit, EN_NUMBERS)} ${n === 1 ? words.en[0] : words.en[1]}`;
  if (grammaticalCase === 'gen' || (grammaticalCase === 'acc' && n === 1)) return `${numberWord(n, unit, FI_NUMBERS_GEN)} ${words.fiGen}`;
  return `${numberWord(n, unit, FI_NUMBERS_NOM)} ${n === 1 ? words.fiNom[0] : words.fiNom[1]}`;
}

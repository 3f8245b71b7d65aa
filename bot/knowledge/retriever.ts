import MiniSearch from 'minisearch';
import type { Language } from '../rules/policy';
import type { Entry, EntryId } from './entries';
import { remembered } from '../remembered';
import { analyze, fold, splitCompound, synonymWords, words, isStopword, stem } from './text';

/** Full-text retrieval over the entries of one language, with how much of the question each hit explains. */

export interface Match {
  entryId: EntryId;
  score: number;
  /** Share of the question's information (IDF-weighted terms) that the entry matched, 0..1. */
  coverage: number;
  /** How many of the question's terms the entry matched. */
  matched: number;
  /** How many of those are words that single out a few rules ("trash", "podcast"), not "video" or "add". */
  distinctive: number;
}

interface IndexedDoc {
  id: EntryId;
  title: string;
  questions: string;
  situations: string;
  keywords: string;
  answer: string;
}

/** What a rule is not: questions about other services that share its words, indexed so they can win against it. */
export interface OutOfScopeTopic {
  id: string;
  /** Other services it is about ("Zoom", "OneDrive"), matched as the start of a word ("Zoomissa"). */
  names: string[];
  text: Record<Language, string[]>;
}

/** Ids of out-of-scope topics in the index start with this, so they never collide with an entry's. */
export const OUT_OF_SCOPE_PREFIX = '~';

const FIELDS = ['title', 'questions', 'situations', 'keywords', 'answer'] as const;
// The answer's words are partly incidental ("its own operations"); questions, situations and keywords say what a rule is about.
const BOOST = { title: 2, questions: 2, situations: 1.5, keywords: 1.5, answer: 0.5 };
const MIN_KNOWN_START = 5;
// An unknown word counts as if it stood in this share of the documents.
const UNKNOWN_TERM_SHARE = 0.25;
// Everyday verbs ("add", "lisätä", "change") are rare in a small rule set, but say nothing about which rule is
// meant: they count as if they stood in half the documents.
const GENERIC_TERM_SHARE = 0.5;
const PANOPTO = 'panopto';
// A word in at most this share of the documents singles out a few rules.
const DISTINCTIVE_SHARE = 0.4;
// A word the entry is named by still singles it out up to this share; "Panopto", in nearly every document, never.
const NAMING_SHARE = 0.7;
const GENERIC_WORDS: Record<Language, string[]> = {
  en: ['add', 'adding', 'added', 'make', 'making', 'made', 'put', 'change', 'changing', 'changed', 'want', 'like', 'go', 'take', 'give', 'find', 'look', 'try', 'work'],
  fi: ['lisätä', 'lisään', 'lisätään', 'lisätty', 'lisätyn', 'tehdä', 'teen', 'tehty', 'laittaa', 'laitan', 'vaihtaa', 'vaihdan', 'muuttaa', 'haluan', 'haluaisin', 'saada', 'löytää', 'katsoa', 'mennä', 'ottaa', 'antaa'],
};

/** The words of the documents and of the synonym lists, folded, that are worth correcting a typo to. */
function surfaceWords(docs: readonly IndexedDoc[], language: Language): Set<string> {
  const found = new Set<string>();
  for (const doc of docs) {
    for (const field of FIELDS) for (const word of words(doc[field])) if (word.length >= 4 && !isStopword(word, language)) found.add(fold(word));
  }
  for (const word of synonymWords(language)) if (word.length >= 4) found.add(fold(word));
  return found;
}

/** Edits allowed for a word the index does not know: none for short words, one for most, two for long ones. */
function typoDistance(term: string): number | false {
  if (term.length < 4) return false;
  return term.length >= 8 ? 2 : 1;
}
const MAX_REMEMBERED_TERMS = 20_000;

export class Retriever {
  private readonly index: MiniSearch<IndexedDoc>;
  private readonly vocabulary = new Set<string>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly documentCount: number;
  /** Every word of the rules as written (folded), to correct a misspelt question word against. */
  private readonly spelling = new MiniSearch<{ id: number; word: string }>({ fields: ['word'], storeFields: ['word'], tokenize: (t) => [t], processTerm: (t) => t });
  private readonly generic: ReadonlySet<string>;
  private readonly naming = new Map<EntryId, ReadonlySet<string>>();
  /** Names of other services, folded, that no rule mentions. */
  private readonly otherServices: readonly string[];
  /**
   * The entries one query term finds, with their scores. The index never changes once built, and questions share
   * most of their words, so each term is looked up once (up to a bound, then the memory starts over).
   */
  private readonly hits = remembered(
    (term: string): ReadonlyArray<{ entryId: EntryId; score: number }> =>
      this.index.search(term, { tokenize: (q) => [q] }).map((result) => ({ entryId: result.id as EntryId, score: result.score })),
    MAX_REMEMBERED_TERMS,
  );

  constructor(
    entries: readonly Entry[],
    private readonly language: Language,
    outOfScope: readonly OutOfScopeTopic[] = [],
  ) {
    this.index = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      tokenize: (text) => analyze(text, language),
      processTerm: (term) => term,
      // Edit distance is for words the index does not know (typos); a known word matches as itself, which is both
      // faster and keeps it from wandering. Finnish stems of one word differ by ending (katso-, katsottu), so
      // Finnish terms always match as prefixes too.
      searchOptions: {
        boost: BOOST,
        prefix: (term) => term.length >= 4 && (language === 'fi' || !this.vocabulary.has(term)),
        fuzzy: (term) => (this.vocabulary.has(term) ? false : typoDistance(term)),
        weights: { prefix: 0.6, fuzzy: 0.7 },
      },
    });
    const docs: IndexedDoc[] = entries.map((entry) => {
      const t = entry.text[language];
      return { id: entry.id, title: t.title, questions: t.questions.join('\n'), situations: t.situations.join('\n'), keywords: t.keywords, answer: t.answer };
    });
    for (const topic of outOfScope) {
      const text = topic.text[language].join('\n');
      docs.push({ id: OUT_OF_SCOPE_PREFIX + topic.id, title: '', questions: text, situations: '', keywords: '', answer: '' });
    }
    this.index.addAll(docs);

    this.spelling.addAll([...surfaceWords(docs, language)].map((word, id) => ({ id, word })));

    const ruleWords = new Set(docs.filter((d) => !d.id.startsWith(OUT_OF_SCOPE_PREFIX)).flatMap((d) => FIELDS.flatMap((f) => words(d[f]).map(fold))));
    this.otherServices = outOfScope.flatMap((t) => t.names.map((n) => fold(n.toLowerCase()))).filter((n) => !ruleWords.has(n));

    this.documentCount = docs.length;
    for (const doc of docs) this.naming.set(doc.id, new Set(analyze(`${doc.title}\n${doc.keywords}`, language)));
    this.generic = new Set(GENERIC_WORDS[language].map((word) => stem(word, language)));
    for (const doc of docs) {
      const terms = new Set(FIELDS.flatMap((field) => analyze(doc[field], language)));
      for (const term of terms) {
        this.vocabulary.add(term);
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
    }
  }

  /**
   * How much a term says about which entry is meant: words in many entries ("video") little, rare words much.
   * A word no entry has ("propped", "cooking") weighs like a common one: people describe their situation in words
   * no rule uses, and those words must not drown the few that name the rule.
   */
  private informativeness(term: string): number {
    const df = this.generic.has(term) ? this.documentCount * GENERIC_TERM_SHARE : (this.documentFrequency.get(term) ?? this.documentCount * UNKNOWN_TERM_SHARE);
    return Math.log(1 + this.documentCount / (df + 0.5));
  }

  /**
   * A term that singles out this entry: not an everyday verb, and either found in few documents (a typo found by
   * its neighbours counts too) or one of the words the entry is named by (its title and keywords: "record" for
   * the Recorder although many rules speak of recording).
   */
  private isDistinctive(term: string, entryId: EntryId): boolean {
    if (this.generic.has(term)) return false;
    const df = this.documentFrequency.get(term) ?? 0;
    if (df <= this.documentCount * DISTINCTIVE_SHARE) return true;
    return df <= this.documentCount * NAMING_SHARE && (this.naming.get(entryId)?.has(term) ?? false);
  }

  /**
   * Whether the question is about another service it names ("Teams recordings", "Zoomissa") rather than Panopto:
   * one that names Panopto too only tells where a video came from ("recorded in Zoom, uploaded to Panopto").
   */
  namesSomethingElse(text: string): boolean {
    const folded = words(text).map(fold);
    if (folded.some((word) => word.startsWith(PANOPTO))) return false;
    return folded.some((word) => this.otherServices.some((name) => word.startsWith(name)));
  }

  /** Whether a word, as typed, is one of this language's rule words (for telling the question's language). */
  knowsWord(word: string): boolean {
    return this.vocabulary.has(stem(word, this.language));
  }

  /** The question's search terms, with unknown Finnish compounds split into known parts. */
  queryTerms(text: string): string[] {
    const terms: string[] = [];
    for (const word of words(text)) {
      if (word.length < 2 || isStopword(word, this.language)) continue;
      const term = stem(word, this.language);
      const parts = this.vocabulary.has(term)
        ? undefined
        : (splitCompound(word, this.language, this.vocabulary) ?? this.knownStart(term) ?? this.spelledAs(word));
      terms.push(...(parts ?? [term]));
    }
    return [...new Set(terms)];
  }

  /**
   * A misspelt word ("subtitels", "podcst") read as the closest word the rules use, before stemming and synonyms,
   * so the typo finds what the correct word would ("subtitles" is a caption word).
   */
  private spelledAs(word: string): string[] | undefined {
    return this.corrections(fold(word));
  }

  private readonly corrections = remembered((word: string): string[] | undefined => {
    const distance = typoDistance(word);
    if (distance === false) return undefined;
    const [closest] = this.spelling.search(word, { fuzzy: distance, prefix: false, combineWith: 'OR' });
    if (closest === undefined) return undefined;
    const term = stem(String(closest['word']), this.language);
    return this.vocabulary.has(term) ? [term] : undefined;
  }, MAX_REMEMBERED_TERMS);

  /**
   * The stemmer misses some Finnish endings ("recorderin", "palvelimella"); a word the index has never seen is read
   * as the longest known term it starts with, when that term is most of the word.
   */
  private knownStart(term: string): string[] | undefined {
    if (this.language !== 'fi') return undefined;
    for (let length = term.length - 1; length >= Math.max(MIN_KNOWN_START, Math.ceil(term.length * 0.6)); length--) {
      const start = term.slice(0, length);
      if (this.vocabulary.has(start)) return [start];
    }
    return undefined;
  }

  search(text: string, limit = 5): Match[] {
    const terms = this.queryTerms(text);
    if (terms.length === 0) return [];
    const total = terms.reduce((sum, term) => sum + this.informativeness(term), 0);
    // MiniSearch's OR query, term by term: an entry scores the sum of its terms' scores times how many terms it
    // matched. Done here so that each term's hits can be kept.
    const byEntry = new Map<EntryId, { score: number; matched: number; explained: number; distinctive: number }>();
    for (const term of terms) {
      const weight = this.informativeness(term);
      for (const hit of this.hits(term)) {
        const distinctive = this.isDistinctive(term, hit.entryId) ? 1 : 0;
        const found = byEntry.get(hit.entryId);
        if (found === undefined) {
          byEntry.set(hit.entryId, { score: hit.score, matched: 1, explained: weight, distinctive });
        } else {
          found.score += hit.score;
          found.matched += 1;
          found.explained += weight;
          found.distinctive += distinctive;
        }
      }
    }
    const matches = [...byEntry].map(([entryId, found]) => ({
      entryId,
      score: found.score * found.matched,
      coverage: found.explained / total,
      matched: found.matched,
      distinctive: found.distinctive,
    }));
    // An entry that explains more of the question beats one that repeats a single shared word more often.
    return matches.sort((a, b) => b.score - a.score).sort((a, b) => b.score * b.coverage - a.score * a.coverage).slice(0, limit);
  }
}

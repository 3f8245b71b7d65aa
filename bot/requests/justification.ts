/**
 * Is this a real reason to keep a video? Required, at most 1000 characters after trimming, and a sentence: several
 * words with letters in them, not a key pressed many times or a row of the keyboard ("asdf", "aaaaaa").
 */

export const MAX_JUSTIFICATION = 1000;
const MIN_LETTERS = 15;
const MIN_WORDS = 3;
const KEYBOARD_ROWS = ['qwertyuiopå', 'asdfghjklöä', 'zxcvbnm'];

export type JustificationProblem = 'empty' | 'too-long' | 'not-a-sentence';

export function normalizeJustification(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isKeyboardMash(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length >= 4 && new Set(w).size <= 2) return true;
  return w.length >= 4 && KEYBOARD_ROWS.some((row) => row.includes(w));
}

export function justificationProblem(raw: string): JustificationProblem | undefined {
  const text = normalizeJustification(raw);
  if (text === '') return 'empty';
  if (text.length > MAX_JUSTIFICATION) return 'too-long';
  const words = text.match(/\p{L}+/gu) ?? [];
  const letters = words.join('').length;
  const real = words.filter((w) => w.length >= 2 && /[aeiouyäöå]/i.test(w) && !isKeyboardMash(w));
  if (letters < MIN_LETTERS || real.length < MIN_WORDS) return 'not-a-sentence';
  if (real.length < words.length / 2) return 'not-a-sentence';
  return undefined;
}

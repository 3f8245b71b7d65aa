import { fillTemplate } from './template';

/**
 * Text that came from a person or from Panopto, shown where Teams renders Markdown (card TextBlocks and FactSets,
 * chat messages). Teams mobile shows every backslash escape literally ("\#2", "\(recording\)"), so only what could
 * start a Markdown construct in its position is escaped:
 * - anywhere: `[` (links and images: without it `](` is plain text), `<` (HTML, `<at>` mentions, autolinks), backticks,
 *   `*` and `_` unless they cannot open or close emphasis, `~` next to another `~`, a backslash before punctuation;
 * - at the start of a line only: headings (`#`), quotes (`>`), list markers, and `===`/`---` lines that would turn
 *   the line above into a heading.
 * A value's edges count as unknown neighbours: our own text around it never supplies the other half of a construct.
 */

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

function escapeInside(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const before = text[i - 1];
    const after = text[i + 1];
    let escape = false;
    switch (ch) {
      case '[':
      case '<':
      case '`':
        escape = true;
        break;
      case '*':
        // "5 * 3": a star with spaces on both sides can neither open nor close emphasis.
        escape = !(before !== undefined && /\s/.test(before) && after !== undefined && /\s/.test(after));
        break;
      case '_':
        // snake_case: underscores inside a word never make emphasis.
        escape = !(before !== undefined && WORD.test(before) && after !== undefined && WORD.test(after));
        break;
      case '~':
        escape = before === undefined || after === undefined || before === '~' || after === '~';
        break;
      case '\\':
        escape = after === undefined || PUNCTUATION.test(after);
        break;
      default:
        break;
    }
    out += escape ? `\\${ch}` : ch;
  }
  return out;
}

function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)(#{1,6})(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)>/, '$1\\>')
    .replace(/^(\s*)([-+])(?=\s)/, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*)([=-])(?=[=-]*\s*$)/, '$1\\$2');
}

/** A whole block (a TextBlock's or fact's entire text): each line may start a Markdown block. */
export function markdownText(text: string): string {
  return text.split('\n').map((line) => escapeLineStart(escapeInside(line))).join('\n');
}

/** A value put inside our own sentence: kept on one line, so nothing in it starts a block. */
export function markdownInline(text: string): string {
  return escapeInside(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

/** Fills `{name}` (and `{name:case}`) placeholders of our own Markdown text with values escaped where they stand. */
export function fillMarkdown(template: string, values: Readonly<Record<string, string | number>>): string {
  return fillTemplate(template, values, markdownInline);
}

import { DIGEST_LABELS } from '../../bot/reminders/digestText';
import { OWNER_TEXT } from '../../bot/requests/requestViews';
import { PHRASES } from '../../dialogs/extensionPhrases';

/**
 * The Markdown our own texts use on purpose (a command word in bold, like **cancel**): taken verbatim from the
 * templates, so only exactly these spans are set aside, never the same formatting arriving inside a value.
 */
export const OWN_MARKDOWN: readonly string[] = [
  ...new Set(
    [PHRASES, OWNER_TEXT, DIGEST_LABELS]
      .flatMap((byLanguage) => Object.values(byLanguage).flatMap((texts) => Object.values(texts as Record<string, string>)))
      .flatMap((text) => text.match(/\*\*[^*{}\n]+\*\*/g) ?? []),
  ),
];

/** What a person or Panopto could send to make the bot show a link, a mention, formatting or a heading. */
export const HOSTILE = '[x](https://evil) **bold** <at>Boss</at> `code` _it_ ~~gone~~\n# Heading\n> quote\n- item\n1. first\n===';

/** Markdown that would still take effect, other than our own: what is left after removing every backslash escape. */
export function liveMarkdown(text: string, ours: readonly string[] = OWN_MARKDOWN): string[] {
  const found: string[] = [];
  const theirs = ours.reduce((rest, span) => rest.split(span).join(' '), text);
  for (const line of theirs.split('\n')) {
    const bare = line.replace(/\\[!-/:-@[-`{-~]/g, '');
    if (/[[<`]/.test(bare)) found.push(`link, tag or code in: ${line}`);
    if (/\*\S|\S\*/.test(bare)) found.push(`emphasis in: ${line}`);
    if (/(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u.test(bare)) found.push(`underscore emphasis in: ${line}`);
    if (/~~/.test(bare)) found.push(`strikethrough in: ${line}`);
    // A block starts only with the unescaped character itself: test the line as written.
    if (/^\s*(#{1,6}(\s|$)|>|[-+*]\s|\d+[.)](\s|$)|[=-]+\s*$)/.test(line)) found.push(`block at line start: ${line}`);
  }
  return found;
}

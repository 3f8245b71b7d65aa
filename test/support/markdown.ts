/** What a person or Panopto could send to make the bot show a link, a mention, formatting or a heading. */
export const HOSTILE = '[x](https://evil) **bold** <at>Boss</at> `code` _it_ ~~gone~~\n# Heading\n> quote\n- item\n1. first\n===';

/** Markdown that would still take effect: what is left after removing every backslash escape. */
export function liveMarkdown(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
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

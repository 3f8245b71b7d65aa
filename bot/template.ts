/**
 * Fills `{name}` and `{name:case}` placeholders of our own texts; a placeholder without a value stays as written, so
 * a text can be filled in steps (labels first, then a card's own values).
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>, as: (value: string) => string = (v) => v): string {
  return template.replace(/\{([\w:]+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined ? match : as(String(value));
  });
}

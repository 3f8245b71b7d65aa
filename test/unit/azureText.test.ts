import assert from 'node:assert/strict';
import { CHUNK, ROW_TEXT, textOf, textProperties, textRows } from '../../bot/storage/azure/azureText';

/** A string whose last unit is the first half of a surrogate pair: Azure Tables stores UTF-8 and cannot keep it. */
const endsInHalfACharacter = (s: string): boolean => /[\uD800-\uDBFF]$/.test(s);
const startsWithHalfACharacter = (s: string): boolean => /^[\uDC00-\uDFFF]/.test(s);

describe('Texts longer than one Azure Tables property', () => {
  it('are split between characters, never inside one written as a surrogate pair (an emoji), and read back whole', () => {
    for (const before of [CHUNK - 1, 2 * CHUNK - 1]) {
      const text = `${'a'.repeat(before)}😀${'b'.repeat(10)}`;
      const properties = textProperties('n', text);
      for (const value of Object.values(properties)) {
        assert.ok(!endsInHalfACharacter(value) && !startsWithHalfACharacter(value), `a property cut an emoji in two (${before})`);
      }
      assert.equal(textOf(properties, 'n'), text);
    }
  });

  it('are spread over several entities between characters too', () => {
    const text = `${'a'.repeat(ROW_TEXT - 1)}😀${'b'.repeat(10)}`;
    const rows = textRows('n', text);
    assert.equal(rows.map((row) => textOf(row, 'n')).join(''), text);
    for (const row of rows) for (const value of Object.values(row)) assert.ok(!endsInHalfACharacter(value) && !startsWithHalfACharacter(value));
  });
});

import assert from 'node:assert/strict';
import { odata } from '@azure/data-tables';
import fc from 'fast-check';
import { AzureAccount } from '../../bot/storage/azure/azureAccount';
import { listAll, readEntity } from '../../bot/storage/azure/azureEntities';
import { idOf, keyOf, numberKey } from '../../bot/storage/azure/azureKeys';
import { freshAzureStore } from '../support/azurite';

/** What Azure Tables refuses in PartitionKey and RowKey. */
const FORBIDDEN_IN_KEYS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/** Characters ids are made of, the awkward ones weighted up: Teams ids, e-mails, notice keys, Panopto ids. */
const awkward = fc.constantFrom(':', ';', '@', '/', '\\', '#', '?', '%', '%2F', '%41', '~', '|', "'", '"', ' ', '+', '&', '=', '.', '-', '_', 'ä', 'ö', 'Å', '日本', '😀', '\u0000', '\t', '\n', '\u007f', '\u0085', '\u009f', '\u00a0');
const teamsLike = fc.array(fc.oneof(awkward, fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));
const noticeKey = fc
  .tuple(fc.emailAddress(), teamsLike, fc.constantFrom('captions', 'trash', 'deletion'), fc.date({ noInvalidDate: true }), fc.constantFrom('7', '1', 'overdue'))
  .map(([owner, video, kind, date, stage]) => `${owner}|${video}|${kind}|${date.toISOString().slice(0, 10)}|${stage}`);
/** Any id a channel could invent: full Unicode, up to the 512 characters an id is capped at. */
const anyId = fc.oneof(teamsLike, fc.emailAddress(), noticeKey, fc.string({ unit: 'grapheme', maxLength: 512 }), fc.string({ unit: 'binary', maxLength: 512 }));

describe('Azure Tables keys', () => {
  it('turn every id into a key Azure accepts, and back into the same id', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const key = keyOf(id);
        assert.doesNotMatch(key, FORBIDDEN_IN_KEYS);
        assert.equal(idOf(key), id);
      }),
      { numRuns: 2000 },
    );
  });

  it('keep distinct ids distinct', () => {
    fc.assert(fc.property(anyId, anyId, (a, b) => a === b || keyOf(a) !== keyOf(b)));
  });

  it('leave ordinary Teams ids, e-mails and notice keys readable', () => {
    assert.equal(keyOf('a:1Xb2;messageid=17'), 'a:1Xb2;messageid=17');
    assert.equal(keyOf('maija.meikalainen@uni.fi'), 'maija.meikalainen@uni.fi');
    assert.equal(keyOf('19:abc@thread.tacv2;messageid=1/2#3?4%'), '19:abc@thread.tacv2;messageid=1%2F2%233%3F4%25');
  });

  it('sort numeric ids as numbers', () => {
    fc.assert(fc.property(fc.nat(999_999_999_999), fc.nat(999_999_999_999), (a, b) => Math.sign(a - b) === Math.sign(numberKey(a).localeCompare(numberKey(b)))));
  });

  describe('in Azure Storage (Azurite)', () => {
    it('store, read back and find by filter every id under its key', async () => {
      const table = await new AzureAccount(await freshAzureStore()).table('Keys').get();
      // Lone surrogates are left out here: they are no text, and the service cannot keep them in any property.
      const storable = fc.oneof(teamsLike, fc.emailAddress(), noticeKey, fc.string({ unit: 'grapheme', maxLength: 300 }));
      await fc.assert(
        fc.asyncProperty(storable, storable, async (partition, row) => {
          const [partitionKey, rowKey] = [keyOf(partition), keyOf(row)];
          await table.upsertEntity({ partitionKey, rowKey, id: row }, 'Replace');
          const read = await readEntity(table, partitionKey, rowKey);
          assert.equal(read?.['id'], row);
          const found = await listAll(table, odata`PartitionKey eq ${partitionKey} and RowKey eq ${rowKey}`);
          assert.deepEqual(
            found.map((e) => [idOf(e.partitionKey), idOf(e.rowKey)]),
            [[partition, row]],
          );
        }),
        { numRuns: 60 },
      );
    });
  });
});

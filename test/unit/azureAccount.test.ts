import assert from 'node:assert/strict';
import { AzureAccount } from '../../bot/storage/azure/azureAccount';

describe('The Azure Storage account', () => {
  it('sends signed requests over plain HTTP only to an emulator on this machine, and never names the key when it refuses', async () => {
    const key = 'c2lnbmluZy1rZXktbmV2ZXItc2hvd24=';
    const remote = `DefaultEndpointsProtocol=http;AccountName=xamkbot;AccountKey=${key};BlobEndpoint=http://10.255.255.1:10000/xamkbot;TableEndpoint=http://10.255.255.1:10002/xamkbot;`;
    const account = new AzureAccount({ kind: 'azure', connectionString: remote, blobUrl: undefined, tableUrl: undefined, prefix: 'x' });
    await assert.rejects(account.table('Anything').get(), (error: Error) => {
      assert.match(error.message, /allowInsecureConnection is false/);
      assert.doesNotMatch(error.message, new RegExp(key));
      return true;
    });
  });
});

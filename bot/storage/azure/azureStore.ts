import type { Store } from '../repositories';
import { AzureAccount } from './azureAccount';
import { AzureConversations } from './azureConversations';
import { readEntity } from './azureEntities';
import { AzureCrawl } from './azureCrawl';
import { AzureExtensions } from './azureExtensions';
import { AzureLearnedPhrasings } from './azureLearned';
import { AzureQuestions } from './azureQuestions';
import { AzureReceived } from './azureReceived';
import { AzureDeclarations } from './azureDeclarations';
import { AzureLeases } from './azureLeases';
import { AzureOutbox } from './azureOutbox';
import { AzureVideos } from './azureVideos';
import type { StoreConfig } from '../../config';

/**
 * The Azure backend: records in Azure Tables (one table per repository, one file per repository, mirroring
 * storage/sqlite), dialog and bot state in Blob storage (BlobsStorage, eTag-checked), the reminder run's lock as a blob
 * lease. Every write two instances could race on is conditional (If-Match / create-only): a 412 or 409 means someone
 * acted first, and is never turned into an overwrite.
 */
export function openAzureStore(config: Extract<StoreConfig, { kind: 'azure' }>): Store {
  const account = new AzureAccount(config);
  const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
  const blobs = account.blobAccess();
  const leases = new AzureLeases(account);
  const botState = new BlobsStorage(blobs.connectionString, account.containerName('state'), undefined, blobs.url, blobs.credential);
  const questions = new AzureQuestions(account);
  let closed = false;
  const store: Store = {
    conversations: new AzureConversations(account),
    questions,
    videos: new AzureVideos(account),
    declarations: new AzureDeclarations(account),
    outbox: new AzureOutbox(account),
    leases,
    // An approval moves the video's keep-until date, kept with the declarations.
    extensions: new AzureExtensions(account, (videoId, until) => store.declarations.setKeepUntil(videoId, until)),
    learned: new AzureLearnedPhrasings(account, questions),
    received: new AzureReceived(account),
    crawl: new AzureCrawl(account),
    botState,
    async ping() {
      if (closed) return false;
      try {
        // A point read of a row that is never written: the account, the credential and the table all answered.
        await readEntity(await account.table('Conversations').get(), 'ping', 'ping');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      // A closed store is not one to report healthy or to keep using; its leases stop renewing.
      closed = true;
      leases.close();
    },
  };
  return store;
}

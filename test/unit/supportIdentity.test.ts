import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { OwnerActions } from '../../bot/reminders/ownerActions';
import { ExtensionService } from '../../bot/requests/extensionService';
import { loadPolicy } from '../../bot/rules/policy';
import type { Person, Store } from '../../bot/storage/repositories';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';

const SANNA_OID = '00000000-0000-0000-0000-0000000000d4';

describe('Support identity: SUPPORT_USERS entries are matched by kind', () => {
  let dir: string;
  let store: Store;
  let service: ExtensionService;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-bot-support-'));
    store = openSqliteStore(path.join(dir, 'bot.db'));
    const policy = loadPolicy(loadConfig({}).policyFile);
    service = new ExtensionService(store, policy, new OwnerActions(store, policy), loadConfig({ NODE_ENV: 'test', SUPPORT_USERS: `pekka@xamk.fi, ${SANNA_OID.toUpperCase()}` }).supportUsers);
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function isSupport(person: Partial<Person> & { userId: string }): Promise<boolean> {
    await store.conversations.savePerson({ aadObjectId: undefined, name: undefined, email: undefined, userPrincipalName: undefined, locale: undefined, personalConversationId: undefined, updatedAt: new Date().toISOString(), ...person });
    return service.isSupport({ userId: person.userId, name: person.name ?? '', inSupportTeam: async () => false });
  }

  it('an object id matches the person\'s Entra object id, in any case', async () => {
    assert.equal(await isSupport({ userId: '29:sanna', aadObjectId: SANNA_OID }), true);
  });

  it('an e-mail matches the e-mail or UPN the Teams roster gave', async () => {
    assert.equal(await isSupport({ userId: '29:pekka', email: 'Pekka@xamk.fi' }), true);
    assert.equal(await isSupport({ userId: '29:pekka-upn', userPrincipalName: 'pekka@xamk.fi' }), true);
  });

  it('an object id that reads like a support e-mail proves nothing', async () => {
    assert.equal(await isSupport({ userId: '29:mallory', aadObjectId: 'pekka@xamk.fi' }), false);
  });

  it('an e-mail that reads like a support object id proves nothing, nor does a display name', async () => {
    assert.equal(await isSupport({ userId: '29:mallory-2', email: SANNA_OID, userPrincipalName: SANNA_OID }), false);
    assert.equal(await isSupport({ userId: '29:mallory-3', name: 'pekka@xamk.fi' }), false);
  });

  it('refuses a SUPPORT_USERS entry that is neither an e-mail nor an object id', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'test', SUPPORT_USERS: 'pekka@xamk.fi, Sanna Support' }), /SUPPORT_USERS: each entry must be an e-mail\/UPN/);
  });
});

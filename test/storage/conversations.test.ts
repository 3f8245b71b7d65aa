import assert from 'node:assert/strict';
import type { Person, StoredConversation } from '../../bot/storage/repositories';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

// Teams ids carry ':', ';', '@', and channels may invent '/', '#', '?', '%' or worse.
const AWKWARD_CONVERSATION = '19:abc/def#ghi?x=1;messageid=42%2F\\@thread.tacv2';
const conversation = (conversationId: string, extra: Partial<StoredConversation> = {}): StoredConversation => ({
  conversationId,
  kind: 'personal',
  tenantId: 'tenant-1',
  serviceUrl: 'https://smba.trafficmanager.net/teams/',
  reference: { conversation: { id: conversationId }, user: { id: '29:a', aadObjectId: 'aad-a' }, bot: { id: '28:bot' } },
  updatedAt: '2026-11-26T10:00:00.000Z',
  ...extra,
});
const person = (extra: Partial<Person> = {}): Person => ({
  userId: '29:a',
  aadObjectId: 'aad-a',
  name: 'A Person',
  email: 'A.Person@Xamk.fi',
  userPrincipalName: undefined,
  locale: 'fi-FI',
  personalConversationId: 'a:1',
  updatedAt: '2026-11-26T10:00:00.000Z',
  ...extra,
});

describeEachBackend('Conversations and people', (backend) => {
  const under = storeUnderTest(backend);
  const conversations = () => under.store.conversations;

  it('keeps a conversation reference as given, whatever characters its id has', async () => {
    const saved = conversation(AWKWARD_CONVERSATION);
    await conversations().saveConversation(saved);
    assert.deepEqual(await under.another().conversations.getConversation(AWKWARD_CONVERSATION), { ...saved, unusableReason: undefined });
    assert.equal(await conversations().getConversation('19:other@thread.tacv2'), undefined);
  });

  it('keeps a conversation reference too long for one property', async () => {
    const saved = conversation('a:long', { reference: { note: 'x'.repeat(70_000), user: { id: '29:a' } } });
    await conversations().saveConversation(saved);
    assert.deepEqual((await conversations().getConversation('a:long'))?.reference, saved.reference);
  });

  it('stops writing to a conversation Teams refused, until the person writes or the conversation is saved again', async () => {
    await conversations().saveConversation(conversation('a:1'));
    await conversations().markUnusable('a:1', 'ConversationBlockedByUser', '2026-11-26T11:00:00.000Z');
    assert.equal((await conversations().getConversation('a:1'))?.unusableReason, 'ConversationBlockedByUser');
    await conversations().markUsable('a:1');
    assert.equal((await conversations().getConversation('a:1'))?.unusableReason, undefined);
    await conversations().markUnusable('a:1', 'BotNotInConversationRoster', '2026-11-26T12:00:00.000Z');
    await conversations().saveConversation(conversation('a:1', { updatedAt: '2026-11-26T13:00:00.000Z' }));
    assert.equal((await conversations().getConversation('a:1'))?.unusableReason, undefined);
  });

  it('marks nothing for a conversation it never saw', async () => {
    await conversations().markUnusable('a:never', 'gone', 't');
    await conversations().markUsable('a:never');
    assert.equal(await conversations().getConversation('a:never'), undefined);
    assert.equal(await conversations().markWelcomed('a:never', 't'), false);
  });

  it('welcomes a conversation once, even when two instances see its install events at once', async () => {
    await conversations().saveConversation(conversation(AWKWARD_CONVERSATION));
    const other = under.another();
    const welcomed = await Promise.all([conversations().markWelcomed(AWKWARD_CONVERSATION, 't1'), other.conversations.markWelcomed(AWKWARD_CONVERSATION, 't1')]);
    assert.deepEqual(welcomed.sort(), [false, true]);
    await conversations().saveConversation(conversation(AWKWARD_CONVERSATION, { updatedAt: 't2' }));
    assert.equal(await conversations().markWelcomed(AWKWARD_CONVERSATION, 't2'), false, 'saving the reference again does not welcome again');
  });

  it('keeps people across a restart, finding a person by e-mail or UPN in any case and by Entra object id', async () => {
    await conversations().savePerson(person({ userPrincipalName: 'a.person@upn.xamk.fi' }));
    const restarted = under.another().conversations;
    assert.equal((await restarted.findPersonByEmail('a.person@xamk.fi'))?.userId, '29:a');
    assert.equal((await restarted.findPersonByEmail(' A.PERSON@upn.xamk.fi '))?.userId, '29:a');
    assert.equal((await restarted.findPersonByAadObjectId('aad-a'))?.userId, '29:a');
    assert.equal(await restarted.findPersonByEmail('someone.else@xamk.fi'), undefined);
    assert.equal(await restarted.findPersonByAadObjectId('aad-b'), undefined);
    assert.deepEqual(await restarted.getPerson('29:a'), person({ userPrincipalName: 'a.person@upn.xamk.fi' }));
  });

  it('does not forget an e-mail when a later event knows less', async () => {
    await conversations().savePerson(person({ updatedAt: 't1' }));
    await conversations().savePerson(person({ email: undefined, name: undefined, locale: undefined, updatedAt: 't2' }));
    const kept = await conversations().getPerson('29:a');
    assert.equal(kept?.email, 'A.Person@Xamk.fi');
    assert.equal(kept?.name, 'A Person');
    assert.equal(kept?.updatedAt, 't2');
  });

  it('finds a person by the address they have now, not one they had', async () => {
    await conversations().savePerson(person({ email: 'old@xamk.fi', updatedAt: 't1' }));
    await conversations().savePerson(person({ email: 'new@xamk.fi', updatedAt: 't2' }));
    assert.equal(await conversations().findPersonByEmail('old@xamk.fi'), undefined);
    assert.equal((await conversations().findPersonByEmail('new@xamk.fi'))?.userId, '29:a');
  });

  it('answers with the most recently seen person when two share an address', async () => {
    await conversations().savePerson(person({ userId: '29:old', updatedAt: '2026-01-01T00:00:00.000Z' }));
    await conversations().savePerson(person({ userId: '29:new', updatedAt: '2026-06-01T00:00:00.000Z' }));
    assert.equal((await conversations().findPersonByEmail('a.person@xamk.fi'))?.userId, '29:new');
    assert.equal((await conversations().findPersonByAadObjectId('aad-a'))?.userId, '29:new');
  });
});

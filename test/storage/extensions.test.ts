import assert from 'node:assert/strict';
import type { NewExtensionRequest } from '../../bot/storage/extensionRepository';
import type { Store } from '../../bot/storage/repositories';
import { AzureAccount } from '../../bot/storage/azure/azureAccount';
import { AzureExtensions } from '../../bot/storage/azure/azureExtensions';
import { freshAzureStore } from '../support/azurite';
import { describeEachBackend } from '../support/backends';
import { storeUnderTest } from '../support/storeUnderTest';

const VIDEO = 'a1b2c3d4-0000-4000-8000-000000000001';
const OWNER = 'Maija.Meikalainen@Xamk.fi';
const request = (extra: Partial<NewExtensionRequest> = {}): NewExtensionRequest => ({
  videoId: VIDEO,
  ownerKey: OWNER,
  requestedBy: '29:maija',
  requestedByName: 'Maija',
  justification: 'Used every spring in the course on accessibility; the recording is the only copy of the guest lecture.',
  requestedUntil: '2028-06-30',
  trashDateAtRequest: '2026-12-20',
  createdAt: '2026-11-26T10:00:00.000Z',
  ...extra,
});
const approve = { kind: 'approve', until: '2028-06-30' } as const;

/** Declarations are the reminders' repository; on a backend that has none yet, the approval's effect cannot be checked. */
async function declarationsAvailable(store: Store): Promise<boolean> {
  return store.declarations.get('probe').then(
    () => true,
    () => false,
  );
}

describeEachBackend('Extension requests', (backend) => {
  const under = storeUnderTest(backend);
  const extensions = () => under.store.extensions;

  it('stores a request as pending with the first audit entry, found by id, by video and by owner in any case', async () => {
    const { created, request: stored } = await extensions().create(request());
    assert.equal(created, true);
    assert.equal(stored.state, 'pending');
    assert.deepEqual(await under.another().extensions.get(stored.id), stored);
    assert.deepEqual(await extensions().pendingFor(VIDEO), stored);
    assert.deepEqual(await extensions().byOwner(OWNER.toLowerCase()), [stored]);
    assert.deepEqual(await extensions().audit(stored.id), [{ at: '2026-11-26T10:00:00.000Z', actor: 'Maija', action: 'requested', detail: 'until 2028-06-30' }]);
    assert.equal(await extensions().get(99_999), undefined);
    assert.equal(await extensions().pendingFor('another-video'), undefined);
    assert.deepEqual(await extensions().byOwner('someone.else@xamk.fi'), []);
  });

  it('keeps one pending request per video, even when two instances create at once', async () => {
    const results = await Promise.all([extensions().create(request()), under.another().extensions.create(request({ requestedBy: '29:matti', justification: 'Matti also wants it kept, for the same course.' }))]);
    assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
    const winner = results.find((r) => r.created)?.request;
    assert.deepEqual(results.find((r) => !r.created)?.request, winner, 'the other is shown the pending one');
    assert.equal((await extensions().open()).length, 1);
  });

  it('takes a decision once: of two approvers at once, one decides and the other sees who did', async () => {
    const { request: stored } = await extensions().create(request());
    const other = under.another();
    const outcomes = await Promise.all([
      extensions().decide(stored.id, approve, 'aad-s1', 'Support One', '2026-11-27T09:00:00.000Z'),
      other.extensions.decide(stored.id, { kind: 'reject', reason: 'Not needed after the course.' }, 'aad-s2', 'Support Two', '2026-11-27T09:00:00.000Z'),
    ]);
    assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['already', 'decided']);
    const decided = outcomes.find((o) => o.kind === 'decided');
    const already = outcomes.find((o) => o.kind === 'already');
    assert.ok(decided?.kind === 'decided' && already?.kind === 'already');
    assert.equal(already.request.decidedByName, decided.request.decidedByName, 'the loser sees who decided');
    assert.deepEqual(await extensions().get(stored.id), decided.request);
    assert.equal((await extensions().audit(stored.id)).filter((a) => a.action === 'approved' || a.action === 'rejected').length, 1);
    assert.equal(await extensions().pendingFor(VIDEO), undefined);
  });

  it('records an approval with its date and a rejection with its reason; a decided request is not decided again', async () => {
    const first = (await extensions().create(request())).request;
    const approved = await extensions().decide(first.id, approve, 'aad-s1', 'Support One', '2026-11-27T09:00:00.000Z');
    assert.ok(approved.kind === 'decided');
    assert.deepEqual([approved.request.state, approved.request.approvedUntil, approved.request.decidedBy, approved.request.decidedAt], ['approved', '2028-06-30', 'aad-s1', '2026-11-27T09:00:00.000Z']);
    assert.equal((await extensions().decide(first.id, { kind: 'reject', reason: 'late' }, 'aad-s2', 'S2', 't')).kind, 'already');
    const second = (await extensions().create(request({ videoId: 'video-2' }))).request;
    const rejected = await extensions().decide(second.id, { kind: 'reject', reason: 'Not needed *after* the course.' }, 'aad-s2', 'Support Two', '2026-11-27T10:00:00.000Z');
    assert.ok(rejected.kind === 'decided');
    assert.deepEqual([rejected.request.state, rejected.request.decisionReason], ['rejected', 'Not needed *after* the course.']);
    assert.deepEqual(await extensions().decide(99_999, approve, 'aad-s1', 'S1', 't'), { kind: 'not-found' });
  });

  it('moves the video keep-until date when a request is approved', async function () {
    if (!(await declarationsAvailable(under.store))) this.skip();
    const stored = (await extensions().create(request())).request;
    await extensions().decide(stored.id, approve, 'aad-s1', 'Support One', '2026-11-27T09:00:00.000Z');
    assert.equal((await under.store.declarations.get(VIDEO)).keepUntil, '2028-06-30');
  });

  it('takes a new request for a video once the earlier one is decided, and lists the owner’s requests newest first', async () => {
    const first = (await extensions().create(request())).request;
    await extensions().decide(first.id, { kind: 'reject', reason: 'No.' }, 'aad-s1', 'S1', '2026-11-27T09:00:00.000Z');
    const again = await extensions().create(request({ createdAt: '2026-11-28T10:00:00.000Z' }));
    assert.equal(again.created, true);
    assert.deepEqual((await extensions().byOwner(OWNER)).map((r) => r.id), [again.request.id, first.id]);
  });

  it('lists open requests oldest first: pending ones, and approvals until they are applied in Panopto (once)', async () => {
    const later = (await extensions().create(request({ videoId: 'v-later', createdAt: '2026-11-26T12:00:00.000Z' }))).request;
    const earlier = (await extensions().create(request({ videoId: 'v-earlier', createdAt: '2026-11-25T12:00:00.000Z' }))).request;
    const rejected = (await extensions().create(request({ videoId: 'v-rejected' }))).request;
    await extensions().decide(rejected.id, { kind: 'reject', reason: 'No.' }, 'aad-s1', 'S1', 't');
    await extensions().decide(earlier.id, approve, 'aad-s1', 'S1', '2026-11-27T09:00:00.000Z');
    assert.deepEqual((await extensions().open()).map((r) => r.id), [earlier.id, later.id]);
    const applied = await Promise.all([
      extensions().markApplied(earlier.id, 'aad-s1', 'Support One', '2026-11-28T09:00:00.000Z'),
      under.another().extensions.markApplied(earlier.id, 'aad-s2', 'Support Two', '2026-11-28T09:00:00.000Z'),
    ]);
    assert.deepEqual(applied.map((o) => o.kind).sort(), ['already', 'decided']);
    assert.equal((await extensions().markApplied(later.id, 'aad-s1', 'S1', 't')).kind, 'already', 'a pending request is not applied');
    assert.deepEqual(await extensions().markApplied(99_999, 'aad-s1', 'S1', 't'), { kind: 'not-found' });
    assert.deepEqual((await extensions().open()).map((r) => r.id), [later.id]);
    assert.deepEqual((await extensions().audit(earlier.id)).map((a) => a.action), ['requested', 'approved', 'applied in Panopto']);
  });

  it('remembers the support card (replaced when posted again) and resurfaces a request once', async () => {
    const stored = (await extensions().create(request())).request;
    await extensions().setSupportCard(stored.id, '19:support@thread.tacv2', 'activity-1');
    await extensions().setSupportCard(stored.id, '19:support@thread.tacv2', undefined);
    const card = await extensions().get(stored.id);
    assert.deepEqual([card?.supportConversationId, card?.supportActivityId], ['19:support@thread.tacv2', undefined]);
    const resurfaced = await Promise.all([extensions().markResurfaced(stored.id, 't1'), under.another().extensions.markResurfaced(stored.id, 't1')]);
    assert.deepEqual(resurfaced.sort(), [false, true]);
    assert.equal((await extensions().get(stored.id))?.resurfacedAt, 't1');
    assert.equal(await extensions().markResurfaced(99_999, 't1'), false);
  });

  it('keeps every audit entry, in the order written, even when two instances add at once', async () => {
    const stored = (await extensions().create(request())).request;
    const other = under.another();
    await Promise.all([...Array(10).keys()].map((i) => (i % 2 === 0 ? extensions() : other.extensions).addAudit(stored.id, { at: `t${i}`, actor: 'bot', action: `step ${i}`, detail: undefined })));
    await extensions().addAudit(stored.id, { at: 't-last', actor: 'bot', action: 'owner told', detail: 'x'.repeat(40_000) });
    const audit = await extensions().audit(stored.id);
    assert.equal(audit.length, 12);
    assert.deepEqual(audit.slice(1, 11).map((a) => a.action).sort(), [...Array(10).keys()].map((i) => `step ${i}`).sort());
    assert.deepEqual(audit[11], { at: 't-last', actor: 'bot', action: 'owner told', detail: 'x'.repeat(40_000) });
    await assert.rejects(extensions().addAudit(99_999, { at: 't', actor: 'bot', action: 'x', detail: undefined }));
    assert.deepEqual(await extensions().audit(99_999), []);
  });
});

// SQLite moves the date in the decision's transaction; Azure cannot (the declarations are another table), so the
// approval says the date is owed until it is written.
describe('Extension requests (azure): the keep-until date an approval owes', function () {
  this.timeout(30_000);

  it('is written after the decision, and when that fails, by the next reading of the open requests', async () => {
    const account = new AzureAccount(await freshAzureStore());
    const written: string[] = [];
    let declarationsUp = false;
    const extensions = new AzureExtensions(account, async (videoId, until) => {
      if (!declarationsUp) throw new Error('declarations unreachable');
      written.push(`${videoId} ${until}`);
    });
    const stored = (await extensions.create(request())).request;
    const outcome = await extensions.decide(stored.id, approve, 'aad-s1', 'Support One', '2026-11-27T09:00:00.000Z');
    assert.equal(outcome.kind, 'decided', 'the decision stands');
    assert.deepEqual(written, []);
    declarationsUp = true;
    await extensions.open();
    assert.deepEqual(written, [`${VIDEO} 2028-06-30`]);
    await extensions.open();
    assert.deepEqual(written, [`${VIDEO} 2028-06-30`], 'written once');
  });
});

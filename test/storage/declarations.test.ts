import assert from 'node:assert/strict';
import type { OwnerDeclarations } from '../../bot/rules/videoStatus';
import type { Store } from '../../bot/storage/repositories';
import { describeEachBackend } from '../support/backends';

/** What owners declared about their videos, their snoozes, and the one caption request per video. */
describeEachBackend('Declarations', (backend) => {
  let store: Store;
  let reopen: () => Store;
  beforeEach(async () => ({ store, reopen } = await backend.open()));
  afterEach(() => store.close());

  it('nothing declared reads as an empty declaration', async () => {
    assert.deepEqual(await store.declarations.get('v1'), {});
    assert.deepEqual(await store.declarations.all(), new Map());
  });

  it('keeps each declaration beside the others, across a restart', async () => {
    await store.declarations.setMediaAlternative('v1', 'The slides carry the text', 'user-1', '2026-11-28T08:00:00Z');
    await store.declarations.confirmCaptions('v1', 'user-1', '2026-11-28T08:01:00Z');
    await store.declarations.checkAutomaticCaptions('v1', 'user-1', '2026-11-28T08:02:00Z');
    await store.declarations.setKeepUntil('v1', '2028-12-31');
    await store.declarations.setKeepUntil('v2', '2027-06-30');
    const again = reopen();
    const expected: OwnerDeclarations = {
      mediaAlternative: { reason: 'The slides carry the text', at: '2026-11-28T08:00:00Z' },
      captionsConfirmedAt: '2026-11-28T08:01:00Z',
      automaticCaptionsCheckedAt: '2026-11-28T08:02:00Z',
      keepUntil: '2028-12-31',
    };
    assert.deepEqual(await again.declarations.get('v1'), expected);
    assert.deepEqual(await again.declarations.all(), new Map([['v1', expected], ['v2', { keepUntil: '2027-06-30' }]]));
    await again.close();
  });

  it('two instances declaring different things about one video at once keep both', async () => {
    const other = reopen();
    await Promise.all([
      store.declarations.confirmCaptions('v1', 'user-1', '2026-11-28T08:01:00Z'),
      other.declarations.setKeepUntil('v1', '2028-12-31'),
    ]);
    assert.deepEqual(await store.declarations.get('v1'), { captionsConfirmedAt: '2026-11-28T08:01:00Z', keepUntil: '2028-12-31' });
    await other.close();
  });

  it('a snooze per video and kind; a later one replaces it', async () => {
    await store.declarations.snooze('v1', 'caption', '2026-12-05', 'user-1', 't1');
    await store.declarations.snooze('v1', 'deletion', '2026-12-06', 'user-1', 't1');
    await store.declarations.snooze('v1', 'caption', '2026-12-12', 'user-1', 't2');
    assert.deepEqual(await store.declarations.snoozes(), new Map([['v1|caption', '2026-12-12'], ['v1|deletion', '2026-12-06']]));
  });

  describe('caption request claims: claimed before Panopto is asked, so nothing is ordered twice or lost', () => {
    const claim = (s: Store, at: string, staleBefore = '2026-11-30T09:50:00Z') => s.declarations.claimCaptionRequest('v1', 'user-1', at, staleBefore);

    it('the first claim wins; a second one sees the request under way, then made', async () => {
      assert.equal(await claim(store, '2026-11-30T10:00:00Z'), 'claimed');
      assert.equal(await claim(store, '2026-11-30T10:00:01Z'), 'scheduling');
      assert.equal((await store.declarations.get('v1')).captionsRequestedAt, undefined, 'not requested until Panopto says so');
      await store.declarations.finishCaptionRequest('v1', { scheduled: true });
      assert.equal(await claim(store, '2026-11-30T10:00:02Z'), 'scheduled');
      assert.equal((await store.declarations.get('v1')).captionsRequestedAt, '2026-11-30T10:00:00Z');
    });

    it('a refused or failed request frees the claim, so the owner may try again', async () => {
      assert.equal(await claim(store, '2026-11-30T10:00:00Z'), 'claimed');
      await store.declarations.finishCaptionRequest('v1', { scheduled: false, problem: 'HTTP 503' });
      assert.equal((await store.declarations.get('v1')).captionsRequestedAt, undefined);
      assert.equal(await claim(store, '2026-11-30T10:01:00Z'), 'claimed');
    });

    it('a claim left by a crash before Panopto answered may be taken again once it is stale, not before', async () => {
      assert.equal(await claim(store, '2026-11-30T09:45:00Z'), 'claimed');
      assert.equal(await claim(store, '2026-11-30T09:49:00Z', '2026-11-30T09:39:00Z'), 'scheduling');
      assert.equal(await claim(store, '2026-11-30T09:56:00Z', '2026-11-30T09:46:00Z'), 'claimed');
    });

    it('other declarations on the video survive a claim and its outcome', async () => {
      await store.declarations.setKeepUntil('v1', '2028-12-31');
      assert.equal(await claim(store, '2026-11-30T10:00:00Z'), 'claimed');
      await store.declarations.finishCaptionRequest('v1', { scheduled: true });
      assert.deepEqual(await store.declarations.get('v1'), { keepUntil: '2028-12-31', captionsRequestedAt: '2026-11-30T10:00:00Z' });
    });

    it('clicks on two instances at the same moment: exactly one asks Panopto', async () => {
      const handles = [store, reopen(), reopen(), reopen()];
      const results = await Promise.all(handles.map((h) => claim(h, '2026-11-30T10:00:00Z')));
      assert.deepEqual(results.sort(), ['claimed', 'scheduling', 'scheduling', 'scheduling']);
      await Promise.all(handles.slice(1).map((h) => h.close()));
    });
  });
});

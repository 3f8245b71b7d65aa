import assert from 'node:assert/strict';
import path from 'node:path';
import { groupByOwner, planNotices, snoozeKey, type PlanInput } from '../../bot/reminders/planner';
import { loadPolicy } from '../../bot/rules/policy';
import type { VideoFacts } from '../../bot/rules/videoStatus';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));

const video = (id: string, overrides: Partial<VideoFacts> = {}): VideoFacts => ({
  id,
  title: `Video ${id}`,
  ownerKey: 'maija@xamk.fi',
  ownerName: 'Maija',
  publishedAt: '2026-11-20T10:00:00Z', // captions due 2026-12-04
  hasCaptions: false,
  isLive: false,
  lastViewedAt: '2026-11-20T12:00:00Z',
  viewerUrl: `https://panopto.example/${id}`,
  ...overrides,
});

function plan(videos: VideoFacts[], today: string, overrides: Partial<PlanInput> = {}) {
  return planNotices({ videos, declarations: new Map(), snoozes: new Map(), alreadyPlanned: () => false, policy, today, ...overrides });
}
const stages = (notices: ReturnType<typeof plan>) => notices.map((n) => `${n.videoId}:${n.kind}:${n.stage}`);

describe('Planning reminders', () => {
  describe('captions (10, 4 and 1 days before the deadline, then once overdue)', () => {
    const cases: Array<[string, string[]]> = [
      ['2026-11-23', []], // 11 days left
      ['2026-11-24', ['a:caption:d10']],
      ['2026-11-29', ['a:caption:d10']], // 5 days left: still the 10-day stage
      ['2026-11-30', ['a:caption:d4']],
      ['2026-12-03', ['a:caption:d1']],
      ['2026-12-04', ['a:caption:d1']], // due today
      ['2026-12-05', ['a:caption:overdue']],
      ['2027-01-03', ['a:caption:overdue']], // 30 days overdue: last chance
      ['2027-01-04', []], // older than the overdue window: not nagged again and again
    ];
    for (const [today, expected] of cases) {
      it(`on ${today}: ${expected.join(', ') || 'nothing'}`, () => assert.deepEqual(stages(plan([video('a')], today)), expected));
    }
  });

  it('sends only the latest stage reached, once', () => {
    const planned = new Set<string>();
    const run = (today: string) => {
      const notices = plan([video('a')], today, { alreadyPlanned: (key) => planned.has(key) });
      notices.forEach((n) => planned.add(n.key));
      return stages(notices);
    };
    assert.deepEqual(run('2026-12-01'), ['a:caption:d4']); // first seen 3 days before: one reminder, not three
    assert.deepEqual(run('2026-12-01'), []); // the same day again: nothing
    assert.deepEqual(run('2026-12-02'), []);
    assert.deepEqual(run('2026-12-03'), ['a:caption:d1']);
    assert.deepEqual(run('2026-12-05'), ['a:caption:overdue']);
    assert.deepEqual(run('2026-12-06'), []);
  });

  it('says nothing about captioned, exempt, confirmed or live videos', () => {
    const videos = [video('cap', { hasCaptions: true }), video('live', { isLive: true }), video('ex'), video('conf')];
    const declarations = new Map([
      ['ex', { mediaAlternative: { reason: 'The lecture notes hold the same content', at: 't' } }],
      ['conf', { captionsConfirmedAt: 't' }],
    ]);
    assert.deepEqual(plan(videos, '2026-12-03', { declarations }), []);
  });

  describe("captions as Panopto's accessibility preview sees them", () => {
    const withCaptions = (evidence: VideoFacts['captionEvidence'], hasCaptions = evidence === 'automatic' || evidence === 'captioned') => video('v', { captionEvidence: evidence, hasCaptions });

    it('automatic captions only are reminded like missing ones (they must be checked), even though a caption file exists', () => {
      assert.deepEqual(stages(plan([withCaptions('automatic')], '2026-11-30')), ['v:caption:d4']);
      assert.deepEqual(stages(plan([withCaptions('automatic')], '2026-12-05')), ['v:caption:overdue']);
    });

    it('automatic captions the owner has checked meet the deadline', () => {
      const declarations = new Map([['v', { automaticCaptionsCheckedAt: '2026-11-30T08:00:00Z' }]]);
      assert.deepEqual(plan([withCaptions('automatic')], '2026-12-03', { declarations }), []);
    });

    it('requested captions are not nagged about before the deadline, and reminded once it has passed', () => {
      assert.deepEqual(plan([withCaptions('requested')], '2026-11-30'), []);
      assert.deepEqual(plan([withCaptions('requested')], '2026-12-04'), []);
      assert.deepEqual(stages(plan([withCaptions('requested')], '2026-12-05')), ['v:caption:overdue']);
      const declarations = new Map([['v', { captionsRequestedAt: '2026-11-25T08:00:00Z' }]]);
      assert.deepEqual(plan([video('v')], '2026-12-03', { declarations }), [], 'a request made through the bot counts before Panopto shows it');
    });

    it('a request made through the bot stands until a later preview says otherwise (then the request is gone and reminders resume)', () => {
      const declarations = new Map([['v', { captionsRequestedAt: '2026-11-28T09:00:00Z' }]]);
      const readBefore = video('v', { captionEvidence: 'automatic', captionEvidenceAt: '2026-11-27T07:00:00Z', hasCaptions: true });
      assert.deepEqual(plan([readBefore], '2026-12-03', { declarations }), [], 'automatic captions seen before the request: requested now');
      const readAfter = video('v', { captionEvidence: 'automatic', captionEvidenceAt: '2026-11-29T07:00:00Z', hasCaptions: true });
      assert.deepEqual(stages(plan([readAfter], '2026-12-03', { declarations })), ['v:caption:d1']);
      const noneAfter = video('v', { captionEvidence: 'none', captionEvidenceAt: '2026-11-29T07:00:00Z' });
      assert.deepEqual(stages(plan([noneAfter], '2026-12-03', { declarations })), ['v:caption:d1']);
    });

    it('complete captions are enough even when the caption file signal is missing, and "none" wins over a caption file', () => {
      assert.deepEqual(plan([withCaptions('captioned', false)], '2026-12-03'), []);
      assert.deepEqual(stages(plan([withCaptions('none', true)], '2026-12-03')), ['v:caption:d1']);
    });

    it('without the preview, the caption file decides as before', () => {
      assert.deepEqual(plan([video('v', { hasCaptions: true })], '2026-12-03'), []);
      assert.deepEqual(stages(plan([video('v', { hasCaptions: false })], '2026-12-03')), ['v:caption:d1']);
    });

    it('an institution that accepts unchecked automatic or requested captions says so in its policy', () => {
      const lenient = { ...policy, captions: { countAsCaptioned: ['automatic' as const, 'requested' as const] } };
      assert.deepEqual(plan([withCaptions('automatic'), video('r', { captionEvidence: 'requested' })], '2026-12-10', { policy: lenient }), []);
      assert.deepEqual(stages(plan([video('n', { captionEvidence: 'none' })], '2026-12-10', { policy: lenient })), ['n:caption:overdue']);
    });
  });

  it('deletion: 30 and 7 days before the trash date, then 30 days before final deletion', () => {
    const old = video('old', { hasCaptions: true, publishedAt: '2024-01-01T10:00:00Z', lastViewedAt: '2025-01-15T10:00:00Z' }); // trash 2027-01-15
    assert.deepEqual(stages(plan([old], '2026-12-15')), []);
    assert.deepEqual(stages(plan([old], '2026-12-16')), ['old:deletion:d30']);
    assert.deepEqual(stages(plan([old], '2027-01-08')), ['old:deletion:d7']);
    assert.deepEqual(stages(plan([old], '2027-01-15')), []); // in the trash now; final deletion 2027-07-14
    assert.deepEqual(stages(plan([old], '2027-06-14')), ['old:final:d30']);
  });

  it('an approved extension starts a new cycle for the new date', () => {
    const old = video('old', { hasCaptions: true, publishedAt: '2024-01-01T10:00:00Z', lastViewedAt: '2025-01-15T10:00:00Z' });
    const first = plan([old], '2026-12-20');
    assert.equal(first[0]?.date, '2027-01-15');
    const declarations = new Map([['old', { keepUntil: '2028-06-30' }]]);
    const after = plan([old], '2026-12-21', { declarations, alreadyPlanned: (key) => key === first[0]?.key });
    assert.deepEqual(after, [], 'no reminder until the new date approaches');
    const later = plan([old], '2028-06-01', { declarations, alreadyPlanned: (key) => key === first[0]?.key });
    assert.deepEqual(stages(later), ['old:deletion:d30']);
    assert.equal(later[0]?.date, '2028-06-30');
  });

  describe('"remind me in 7 days" (with the ledger of what was said, and when)', () => {
    /** The run's memory: every notice planned, and the day it was planned. */
    const ledger = () => {
      const planned = new Map<string, string>();
      return (videos: VideoFacts[], today: string, overrides: Partial<PlanInput> = {}) => {
        const notices = plan(videos, today, { alreadyPlanned: (key) => planned.has(key), plannedOn: (key) => planned.get(key), ...overrides });
        notices.forEach((n) => planned.set(n.key, today));
        return stages(notices);
      };
    };

    it('holds reminders back until the day it ends, then reminds that day, once', () => {
      const run = ledger();
      assert.deepEqual(run([video('a')], '2026-11-24'), ['a:caption:d10']);
      const snoozes = new Map([[snoozeKey('a', 'caption'), '2026-12-01']]); // snoozed on 24 Nov for 7 days
      for (const day of ['2026-11-25', '2026-11-29', '2026-11-30']) assert.deepEqual(run([video('a')], day, { snoozes }), [], day); // the 4-day stage (30 Nov) waits
      assert.deepEqual(run([video('a')], '2026-12-01', { snoozes }), ['a:caption:d4']);
      assert.deepEqual(run([video('a')], '2026-12-02', { snoozes }), []);
      assert.deepEqual(run([video('a')], '2026-12-03', { snoozes }), ['a:caption:d1']);
    });

    it('reminds when it ends even when no new stage begins that day', () => {
      const run = ledger();
      assert.deepEqual(run([video('a')], '2026-11-24'), ['a:caption:d10']);
      const snoozes = new Map([[snoozeKey('a', 'caption'), '2026-11-27']]);
      assert.deepEqual(run([video('a')], '2026-11-26', { snoozes }), []);
      assert.deepEqual(run([video('a')], '2026-11-27', { snoozes }), ['a:caption:snoozed-2026-11-27']);
      assert.deepEqual(run([video('a')], '2026-11-28', { snoozes }), []);
      assert.deepEqual(run([video('a')], '2026-11-30', { snoozes }), ['a:caption:d4'], 'the next stage comes as usual');
    });

    it('a snooze on the last (overdue) stage still reminds when it ends, past the overdue window', () => {
      const run = ledger();
      assert.deepEqual(run([video('a')], '2026-12-05'), ['a:caption:overdue']);
      const snoozes = new Map([[snoozeKey('a', 'caption'), '2027-01-09']]); // overdue reminders stop after 3 Jan
      assert.deepEqual(run([video('a')], '2027-01-08', { snoozes }), []);
      assert.deepEqual(run([video('a')], '2027-01-09', { snoozes }), ['a:caption:snoozed-2027-01-09']);
      assert.deepEqual(run([video('a')], '2027-01-10', { snoozes }), []);
    });

    it('an old snooze says nothing about a new date (after an extension)', () => {
      const run = ledger();
      const old = video('old', { hasCaptions: true, publishedAt: '2024-01-01T10:00:00Z', lastViewedAt: '2025-01-15T10:00:00Z' }); // trash 2027-01-15
      assert.deepEqual(run([old], '2027-01-08'), ['old:deletion:d7']);
      const snoozes = new Map([[snoozeKey('old', 'deletion'), '2027-01-14']]);
      const declarations = new Map([['old', { keepUntil: '2028-06-30' }]]);
      assert.deepEqual(run([old], '2027-01-14', { snoozes, declarations }), []);
      assert.deepEqual(run([old], '2028-06-01', { snoozes, declarations }), ['old:deletion:d30']);
      assert.deepEqual(run([old], '2028-06-02', { snoozes, declarations }), []);
    });
  });

  it('groups notices into one digest per owner, most urgent first', () => {
    const videos = [
      video('late', { publishedAt: '2026-11-10T10:00:00Z' }), // overdue since 2026-11-24
      video('soon', { publishedAt: '2026-11-19T10:00:00Z' }), // due 2026-12-03
      video('other', { ownerKey: 'matti@xamk.fi' }),
    ];
    const digests = groupByOwner(plan(videos, '2026-11-30'));
    assert.deepEqual(digests.map((d) => [d.ownerKey, d.notices.map((n) => n.videoId)]), [
      ['maija@xamk.fi', ['late', 'soon']],
      ['matti@xamk.fi', ['other']],
    ]);
  });

  it('keys every notice by owner, video, kind, date and stage', () => {
    const [notice] = plan([video('a')], '2026-11-24');
    assert.equal(notice?.key, 'maija@xamk.fi|a|caption|2026-12-04|d10');
  });
});

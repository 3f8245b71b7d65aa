import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, addDuration, daysBetween, localDate } from '../../bot/rules/dates';
import { loadPolicy } from '../../bot/rules/policy';
import { captionDueDate, trashDate, videoStatus, type VideoFacts } from '../../bot/rules/videoStatus';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const HELSINKI = 'Europe/Helsinki';

const video = (overrides: Partial<VideoFacts> = {}): VideoFacts => ({
  id: 'v1',
  title: 'Lecture 1',
  ownerKey: 'maija@xamk.fi',
  ownerName: 'Maija',
  publishedAt: '2026-11-02T10:00:00Z',
  hasCaptions: false,
  isLive: false,
  lastViewedAt: undefined,
  viewerUrl: 'https://panopto.example/v1',
  ...overrides,
});

// Calendar dates from 2000 to 2099, as the rules see them.
const calendarDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

describe('Dates in the policy time zone', () => {
  it('turns an instant into the Helsinki calendar date, across DST changes', () => {
    assert.equal(localDate('2026-03-28T21:59:59Z', HELSINKI), '2026-03-28'); // 23:59:59 EET
    assert.equal(localDate('2026-03-28T22:00:00Z', HELSINKI), '2026-03-29'); // midnight, the night clocks go forward
    assert.equal(localDate('2026-03-29T21:00:00Z', HELSINKI), '2026-03-30'); // midnight EEST (UTC+3)
    assert.equal(localDate('2026-10-24T20:59:59Z', HELSINKI), '2026-10-24');
    assert.equal(localDate('2026-10-24T21:00:00Z', HELSINKI), '2026-10-25'); // the night clocks go back
    assert.equal(localDate('2026-10-25T22:00:00Z', HELSINKI), '2026-10-26'); // midnight EET (UTC+2) again
    assert.equal(localDate('2026-12-31T22:30:00Z', HELSINKI), '2027-01-01'); // new year happens two hours early
  });

  it('adds years with month ends held, never giving more time than the rule says', () => {
    assert.equal(addDuration('2024-02-29', { years: 2 }), '2026-02-28');
    assert.equal(addDuration('2024-02-29', { years: 4 }), '2028-02-29');
    assert.equal(addDuration('2025-01-31', { months: 1 }), '2025-02-28');
    assert.equal(addDuration('2026-12-31', { days: 14 }), '2027-01-14');
    assert.equal(addDuration('2026-03-20', { days: 14 }), '2026-04-03'); // across the spring DST change: still 14 days
  });

  it('property: adding n days then counting the days between gives n back', () => {
    fc.assert(fc.property(calendarDate, fc.integer({ min: -4000, max: 4000 }), (date, n) => daysBetween(date, addDays(date, n)) === n));
  });

  it('property: a year later is 365 or 366 days later, and never past the same day next year', () => {
    fc.assert(
      fc.property(calendarDate, (date) => {
        const next = addDuration(date, { years: 1 });
        const days = daysBetween(date, next);
        return (days === 365 || days === 366) && next.slice(5) <= date.slice(5).replace('02-29', '02-29');
      }),
    );
  });

  it('property: adding durations is monotonic (a later start never ends earlier)', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        return addDuration(early, policy.lifecycle) <= addDuration(late, policy.lifecycle);
      }),
    );
  });

  it('property: every instant has exactly one Helsinki date, at most one day after its UTC date', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const local = localDate(at, HELSINKI);
        const utc = at.toISOString().slice(0, 10);
        const diff = daysBetween(utc, local);
        return diff === 0 || diff === 1;
      }),
    );
  });

  describe('agrees with Luxon (the reference implementation) on random inputs', () => {
    const zones = fc.constantFrom('Europe/Helsinki', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe');
    it('local date of an instant, in several zones with and without DST', () => {
      fc.assert(fc.property(instant, zones, (at, zone) => localDate(at, zone) === DateTime.fromJSDate(at).setZone(zone).toISODate()), { numRuns: 2000 });
    });
    it('adding years, months or days to a date', () => {
      const duration = fc.oneof(fc.record({ years: fc.integer({ min: 0, max: 10 }) }), fc.record({ months: fc.integer({ min: 0, max: 40 }) }), fc.record({ days: fc.integer({ min: 0, max: 4000 }) }));
      fc.assert(fc.property(calendarDate, duration, (date, d) => addDuration(date, d) === DateTime.fromISO(date, { zone: 'utc' }).plus(d).toISODate()), { numRuns: 2000 });
    });
    it('days between two dates', () => {
      fc.assert(fc.property(calendarDate, calendarDate, (a, b) => daysBetween(a, b) === DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days));
    });
  });

  it('rejects what is not a date', () => {
    assert.throws(() => addDays('2026-02-30', 1), RangeError);
    assert.throws(() => addDays('2026-2-3', 1), RangeError);
    assert.throws(() => addDays('2025-02-29', 1), RangeError);
    assert.throws(() => localDate('yesterday', HELSINKI), RangeError);
  });
});

describe('What the rules say about a video', () => {
  it('captions are due 14 days after publication, by the Helsinki calendar', () => {
    assert.equal(captionDueDate('2026-11-02T10:00:00Z', policy), '2026-11-16');
    // Published at 00:30 Helsinki time on 3 Nov, which is still 2 Nov in UTC.
    assert.equal(captionDueDate('2026-11-02T22:30:00Z', policy), '2026-11-17');
  });

  it('counts days left and overdue', () => {
    assert.deepEqual(videoStatus(video(), {}, policy, '2026-11-06').captions, { state: 'due', dueDate: '2026-11-16', daysLeft: 10, outstanding: true, remind: true });
    assert.equal(videoStatus(video(), {}, policy, '2026-11-16').captions.daysLeft, 0);
    assert.equal(videoStatus(video(), {}, policy, '2026-11-17').captions.state, 'overdue');
  });

  it('knows why no captions are needed', () => {
    assert.equal(videoStatus(video({ hasCaptions: true }), {}, policy, '2026-11-20').captions.state, 'captioned');
    assert.equal(videoStatus(video({ isLive: true }), {}, policy, '2026-11-20').captions.state, 'live');
    assert.equal(videoStatus(video(), { mediaAlternative: { reason: 'Slides say it all', at: 't' } }, policy, '2026-11-20').captions.state, 'exempt');
    assert.equal(videoStatus(video(), { captionsConfirmedAt: 't' }, policy, '2026-11-20').captions.state, 'confirmed');
    // Panopto's own signal wins over an owner's word when both say captioned; an unknown signal is not "captioned".
    assert.equal(videoStatus(video({ hasCaptions: undefined }), {}, policy, '2026-11-10').captions.state, 'due');
  });

  it('a video goes to the trash two years after its last view, and is deleted 180 days later', () => {
    const status = videoStatus(video({ publishedAt: '2024-09-01T08:00:00Z', lastViewedAt: '2025-03-10T08:00:00Z' }), {}, policy, '2026-11-26');
    assert.equal(status.lifecycle.trashDate, '2027-03-10');
    assert.equal(status.lifecycle.finalDeletionDate, '2027-09-06');
    assert.equal(status.lifecycle.inTrash, false);
  });

  it('a never-viewed video counts from publication; a leap-day view ends on 28 February', () => {
    assert.equal(trashDate({ publishedAt: '2024-05-05T09:00:00Z', lastViewedAt: undefined }, policy), '2026-05-05');
    assert.equal(trashDate({ publishedAt: '2023-01-01T09:00:00Z', lastViewedAt: '2024-02-29T12:00:00Z' }, policy), '2026-02-28');
  });

  it('an approved extension moves the trash date, but never earlier than the rule', () => {
    const facts = { publishedAt: '2024-01-10T09:00:00Z', lastViewedAt: '2024-06-01T09:00:00Z' };
    assert.equal(trashDate(facts, policy, '2028-12-31'), '2028-12-31');
    assert.equal(trashDate(facts, policy, '2025-01-01'), '2026-06-01');
  });

  it('is in the trash from the trash date on', () => {
    const facts = video({ publishedAt: '2024-11-26T09:00:00Z' });
    assert.equal(videoStatus(facts, {}, policy, '2026-11-25').lifecycle.inTrash, false);
    assert.equal(videoStatus(facts, {}, policy, '2026-11-26').lifecycle.inTrash, true);
  });
});

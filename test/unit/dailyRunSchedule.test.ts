import assert from 'node:assert/strict';
import { missedDailyRun } from '../../bot/reminders/schedule';

describe('Is today\'s daily run owed? (09:00 Helsinki)', () => {
  const cases: Array<[string, string, string | undefined, boolean]> = [
    ['before 09:00, nothing run yet', '2026-11-30T06:30:00Z', undefined, false], // 08:30 in Helsinki
    ['after 09:00, never run', '2026-11-30T07:30:00Z', undefined, true],
    ['after 09:00, last run yesterday', '2026-11-30T10:00:00Z', '2026-11-29T07:00:00Z', true],
    ['after 09:00, today\'s ran at 09:00', '2026-11-30T10:00:00Z', '2026-11-30T07:00:00Z', false],
    ['after 09:00, only a run before 09:00 today', '2026-11-30T10:00:00Z', '2026-11-30T05:00:00Z', true],
    ['summer time: 09:00 is 06:00 UTC', '2026-06-30T06:10:00Z', '2026-06-29T06:00:00Z', true],
  ];
  for (const [name, now, last, owed] of cases) {
    it(`${name}: ${owed ? 'run it now' : 'nothing to do'}`, () => assert.equal(missedDailyRun(new Date(now), last, '09:00', 'Europe/Helsinki'), owed));
  }
});

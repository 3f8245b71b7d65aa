import assert from 'node:assert/strict';
import path from 'node:path';
import { decisiveDate, urgentFirst, type FetchCandidate } from '../../bot/panopto/crawlPlan';
import { loadPolicy } from '../../bot/rules/policy';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const today = '2026-11-29';
const video = (id: string, facts: Partial<FetchCandidate>): FetchCandidate => ({ id, publishedAt: undefined, hasCaptions: undefined, lastViewedAt: undefined, ...facts });

describe('Crawl order: the sessions whose dates are nearest are read first', () => {
  it('a new session not read yet is as urgent as its caption deadline from its StartTime', () => {
    assert.equal(decisiveDate(video('new', { publishedAt: '2026-11-27T10:00:00Z' }), policy, today), '2026-12-11');
  });

  it('a captioned video counts by its trash date; one long overdue for captions too', () => {
    assert.equal(decisiveDate(video('c', { publishedAt: '2025-01-10T10:00:00Z', hasCaptions: true, lastViewedAt: '2025-06-01T10:00:00Z' }), policy, today), '2027-06-01');
    assert.equal(decisiveDate(video('late', { publishedAt: '2025-01-10T10:00:00Z', hasCaptions: false }), policy, today), '2027-01-10');
  });

  it('orders by the date nearest to today either way: a recently missed caption deadline first, a trash date guessed long past late, unknown dates last', () => {
    const order = urgentFirst(
      [
        video('captioned-trash-in-2-years', { publishedAt: '2026-11-01T10:00:00Z', hasCaptions: true }),
        video('no-start-time', {}),
        video('trash-next-week', { publishedAt: '2024-12-06T10:00:00Z', hasCaptions: true }),
        video('new-yesterday', { publishedAt: '2026-11-28T10:00:00Z' }),
        video('captions-overdue-3-days', { publishedAt: '2026-11-12T10:00:00Z', hasCaptions: false }),
        video('unread-trash-guessed-a-year-ago', { publishedAt: '2023-11-01T10:00:00Z' }),
      ],
      policy,
      today,
    ).map((v) => v.id);
    assert.deepEqual(order, ['captions-overdue-3-days', 'trash-next-week', 'new-yesterday', 'unread-trash-guessed-a-year-ago', 'captioned-trash-in-2-years', 'no-start-time']);
  });
});

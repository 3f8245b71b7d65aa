import assert from 'node:assert/strict';
import path from 'node:path';
import { renderApprovalCard } from '../../cards/approval';
import { renderDigestCard } from '../../cards/digest';
import { fillMarkdown, markdownInline, markdownText } from '../../bot/markdown';
import { renderRequestListCard } from '../../cards/requestList';
import { DIGEST_LABELS } from '../../bot/reminders/digestText';
import { approvalView, myRequestsView, ownerText, pendingView } from '../../bot/requests/requestViews';
import { loadPolicy } from '../../bot/rules/policy';
import type { ExtensionRequest } from '../../bot/storage/extensionRepository';
import type { CachedVideo } from '../../bot/storage/reminderRepositories';
import { say } from '../../dialogs/extensionPhrases';
import { cardProblems } from '../support/cardSchema';
import { rendered, visibleText } from '../support/cards';
import { HOSTILE, liveMarkdown } from '../support/markdown';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));

const request = (overrides: Partial<ExtensionRequest> = {}): ExtensionRequest => ({
  id: 7,
  videoId: 'v1',
  ownerKey: 'maija@xamk.fi',
  requestedBy: '29:maija',
  requestedByName: HOSTILE,
  justification: HOSTILE,
  requestedUntil: '2028-01-31',
  trashDateAtRequest: '2026-12-20',
  state: 'pending',
  decidedBy: undefined,
  decidedByName: undefined,
  decidedAt: undefined,
  decisionReason: undefined,
  approvedUntil: undefined,
  appliedAt: undefined,
  appliedByName: undefined,
  supportConversationId: undefined,
  supportActivityId: undefined,
  resurfacedAt: undefined,
  createdAt: '2026-11-20T10:00:00.000Z',
  ...overrides,
});

const video: CachedVideo = {
  id: 'v1',
  title: HOSTILE,
  ownerKey: 'maija@xamk.fi',
  ownerName: HOSTILE,
  publishedAt: '2024-01-01T10:00:00.000Z',
  hasCaptions: true,
  isLive: false,
  lastViewedAt: undefined,
  viewerUrl: 'https://panopto.example/v1',
  fingerprint: undefined,
  detailsFetchedAt: undefined,
  viewersFetchedAt: undefined,
};

const decided = { decidedBy: '29:sanna', decidedByName: HOSTILE, decidedAt: '2026-11-21T10:00:00.000Z' };
const bounds = { earliest: '2026-12-21', latest: '2031-11-20' };

describe('Text from people and Panopto is shown as typed (Markdown escaping)', () => {
  it('escapes only what would start Markdown where it stands, so Teams mobile shows no stray backslashes', () => {
    for (const plain of ['Orientation 2023 (recording)', 'Lecture #2', 'C# and F#', 'snake_case_name', '5 * 3 = 15', 'e-mail me - today', 'It is 2.5 years.', 'a ~ b', 'Q&A: 50% off!']) {
      assert.equal(markdownText(plain), plain);
      assert.equal(markdownInline(plain), plain);
    }
  });

  it('turns every construct a person could type into literal text, and nothing is lost', () => {
    for (const escape of [markdownText, markdownInline]) {
      const escaped = escape(HOSTILE);
      assert.deepEqual(liveMarkdown(escaped), [], escaped);
      assert.equal(rendered(escaped).replace(/\s+/g, ' '), HOSTILE.replace(/\s+/g, ' '));
    }
    assert.equal(markdownInline('a\n# b'), 'a # b', 'a value inside a sentence stays on its line');
    assert.equal(markdownText('## Two\n#2 is fine'), '\\## Two\n#2 is fine', 'headings only at the start of a line');
    assert.equal(markdownText('back\\slash \\[x]'), 'back\\slash \\\\\\[x]');
  });

  it('fills our own sentences with escaped values, not with Markdown', () => {
    assert.equal(fillMarkdown('Keep "{title}" for {n} days', { title: '[x](https://evil)', n: 3 }), 'Keep "\\[x](https://evil)" for 3 days');
    assert.equal(fillMarkdown('{missing} stays', {}), '{missing} stays');
  });

  const views: Array<{ name: string; card: object }> = [
    { name: 'approval card, pending', card: renderApprovalCard(approvalView(request(), video, [request({ id: 3, state: 'rejected', ...decided, decisionReason: HOSTILE })], policy, bounds)) },
    { name: 'approval card, approved (to do in Panopto)', card: renderApprovalCard(approvalView(request({ state: 'approved', ...decided, approvedUntil: '2028-01-31' }), video, [], policy, bounds)) },
    { name: 'approval card, applied', card: renderApprovalCard(approvalView(request({ state: 'approved', ...decided, approvedUntil: '2028-01-31', appliedAt: '2026-11-22T10:00:00.000Z', appliedByName: HOSTILE }), video, [], policy, bounds)) },
    { name: 'approval card, rejected', card: renderApprovalCard(approvalView(request({ state: 'rejected', ...decided, decisionReason: HOSTILE }), video, [], policy, bounds)) },
    { name: 'my requests', card: renderRequestListCard(myRequestsView([request({ state: 'rejected', ...decided, decisionReason: HOSTILE })], new Map([['v1', HOSTILE]]), 'en')) },
    { name: 'pending (support)', card: renderRequestListCard(pendingView([request()], new Map([['v1', HOSTILE]]), policy, '2026-11-29')) },
    {
      name: 'reminder digest',
      card: renderDigestCard({
        language: 'en',
        view: 'digest',
        digestId: 1,
        heading: 'H',
        intro: 'I',
        items: [{ videoId: 'v1', title: HOSTILE, viewerUrl: 'https://panopto.example/v1', kind: 'deletion', statusText: 'S', resolvedText: '', urgent: false, canConfirmCaptions: false, canCheckAutomatic: false, canRequestCaptions: false, canMarkExempt: false, canRequestExtension: true, canSnooze: true, snoozeText: 'Remind me in 7 days' }],
        moreText: '',
        labels: DIGEST_LABELS.en,
      }),
    },
  ];
  for (const { name, card } of views) {
    it(`${name}: hostile titles, names, reasons and justifications render as text`, () => {
      assert.deepEqual(cardProblems(card), []);
      const text = visibleText(card);
      assert.deepEqual(liveMarkdown(text), [], text);
      assert.match(rendered(text), /\[x\]\(https:\/\/evil\) \*\*bold\*\* <at>Boss<\/at>/, 'shown as typed');
    });
  }

  it('the owner\'s chat messages and the dialog\'s own lines show titles, names and reasons as text', () => {
    const messages = (['en', 'fi'] as const).flatMap((language) => [
      ...(['approved', 'rejected', 'sent', 'saved', 'pending'] as const).map((kind) => ownerText(kind, language, request({ state: 'rejected', ...decided, decisionReason: HOSTILE, approvedUntil: '2028-01-31' }), HOSTILE, policy)),
      say(language, 'summary', { title: HOSTILE, until: '31 Jan 2028', why: HOSTILE }),
      say(language, 'why', { title: HOSTILE, date: '20 Dec 2026' }),
    ]);
    for (const text of messages) assert.deepEqual(liveMarkdown(text), [], text);
    assert.match(rendered(messages[1] ?? ''), /not approved \(\[x\]\(https:\/\/evil\) \*\*bold\*\*.*\): \[x\]\(https:\/\/evil\)/);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { renderAnswerCard } from '../../cards/answer';
import { renderDigestCard, type DigestItem } from '../../cards/digest';
import { renderApprovalCard, type ApprovalCardData } from '../../cards/approval';
import { renderRequestListCard } from '../../cards/requestList';
import { DIGEST_LABELS } from '../../bot/reminders/digestText';
import { myVideosView } from '../../bot/reminders/digestView';
import { loadPolicy } from '../../bot/rules/policy';
import type { OwnerDeclarations, VideoFacts } from '../../bot/rules/videoStatus';
import { escapeMarkdown } from '../../cards/render';
import { renderLearnedListCard } from '../../cards/learnedList';
import { renderSupportQuestionCard, type SupportQuestionCardData } from '../../cards/supportQuestion';
import { renderUnknownCard } from '../../cards/unknown';
import { renderWelcomeCard } from '../../cards/welcome';
import { cardProblems } from '../support/cardSchema';
import { actionsOf, visibleText } from '../support/cards';

const CARDS_DIR = path.resolve(__dirname, '../../cards');

const digestItem = (kind: DigestItem['kind'], overrides: Partial<DigestItem> = {}): DigestItem => ({
  videoId: `00000000-0000-4000-8000-00000000000${kind.length}`,
  title: 'Lecture *1*',
  viewerUrl: 'https://panopto.example/v',
  kind,
  statusText: 'Captions due by 3 Dec 2026 (in 4 days)',
  resolvedText: '',
  urgent: true,
  canConfirmCaptions: kind === 'caption',
  canCheckAutomatic: false,
  canRequestCaptions: false,
  canMarkExempt: kind === 'caption',
  canRequestExtension: kind !== 'caption',
  canSnooze: true,
  snoozeText: 'Remind me in 7 days',
  ...overrides,
});

/** One video in each caption state Panopto's accessibility preview tells apart, drawn by the real view. */
const captionPolicy = (() => {
  const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
  return { ...policy, captions: { countAsCaptioned: [], provider: { name: 'Verbit', paidBy: { en: 'Your department pays for them.', fi: 'Kustannukset maksaa yksikkösi.' } } } };
})();
const captionVideo = (id: string, overrides: Partial<VideoFacts>): VideoFacts => ({
  id,
  title: `Lecture ${id}`,
  ownerKey: 'maija@xamk.fi',
  ownerName: 'Maija',
  publishedAt: '2026-11-20T10:00:00Z', // captions due 4 Dec 2026
  hasCaptions: false,
  isLive: false,
  lastViewedAt: '2026-11-21T10:00:00Z',
  viewerUrl: `https://panopto.example/${id}`,
  ...overrides,
});
const captionStates = (language: 'en' | 'fi', today = '2026-11-30') =>
  renderDigestCard(
    myVideosView(
      [
        captionVideo('none', { captionEvidence: 'none' }),
        captionVideo('asr', { captionEvidence: 'automatic', hasCaptions: true }),
        captionVideo('pending', { captionEvidence: 'requested' }),
        captionVideo('ordered', {}),
        captionVideo('checked', { captionEvidence: 'automatic', hasCaptions: true }),
      ],
      {
        policy: captionPolicy,
        language,
        today,
        declarations: new Map<string, OwnerDeclarations>([
          ['ordered', { captionsRequestedAt: '2026-11-28T09:00:00Z' }],
          ['checked', { automaticCaptionsCheckedAt: '2026-11-29T09:00:00Z' }],
        ]),
        snoozes: new Map(),
      },
    ),
  );

const supportQuestion = (overrides: Partial<SupportQuestionCardData>): SupportQuestionCardData => ({
  questionId: 9,
  heading: 'A question the bot could not answer',
  stateText: 'Waiting for an answer',
  stateColor: 'Warning',
  question: 'Why?',
  askedBy: 'Maija',
  askerAddress: 'maija@xamk.fi',
  language: 'Finnish',
  askedAt: '3 Dec 14:05',
  botAnswer: 'Video lifecycle',
  reply: '',
  open: true,
  choices: [{ title: 'Video lifecycle', value: 'lifecycle' }, { title: 'Trash', value: 'trash' }],
  ...overrides,
});

const approval = (overrides: Partial<ApprovalCardData> = {}): ApprovalCardData => ({
  requestId: 12,
  heading: 'Lifecycle extension request #12',
  stateText: 'Waiting for a decision',
  stateColor: 'Warning',
  videoTitle: 'Old orientation',
  viewerUrl: 'https://panopto.example/v',
  owner: 'Maija (maija@xamk.fi)',
  lastViewed: '3 Dec 2024',
  trashDate: '3 Dec 2026',
  requestedUntil: '3 Dec 2027',
  requestedAt: '26 Nov 2026',
  justification: 'Used in the course every spring.',
  history: ['#3 approved until 1 Jan 2025 (2 Jan 2023)'],
  pending: true,
  awaitingApply: false,
  applyText: '',
  minDate: '2026-12-03',
  maxDate: '2031-11-26',
  ...overrides,
});

describe('Cards', () => {
  const approvals = [
    { name: 'approval, pending', card: renderApprovalCard(approval()) },
    { name: 'approval, approved and waiting to be applied', card: renderApprovalCard(approval({ pending: false, awaitingApply: true, applyText: 'To do in Panopto: …', stateColor: 'Good' })) },
    { name: 'approval, applied', card: renderApprovalCard(approval({ pending: false, history: [], stateColor: 'Good' })) },
    { name: 'approval, rejected', card: renderApprovalCard(approval({ pending: false, stateColor: 'Attention' })) },
    { name: 'request list', card: renderRequestListCard({ heading: 'H', emptyText: 'E', items: [{ title: '#1 *x*', detail: 'pending' }] }) },
    { name: 'request list, empty', card: renderRequestListCard({ heading: 'H', emptyText: 'E', items: [] }) },
  ];
  const digests = (['en', 'fi'] as const).flatMap((language) => [
    {
      name: `reminder digest (${language})`,
      card: renderDigestCard({
        language,
        view: 'digest',
        digestId: 4,
        heading: 'H',
        intro: 'I',
        items: [digestItem('caption'), digestItem('deletion'), digestItem('final', { resolvedText: '✓ Snoozed', canSnooze: false })],
        moreText: 'And 3 more',
        labels: DIGEST_LABELS[language],
      }),
    },
    { name: `my videos, every caption state (${language})`, card: captionStates(language) },
    { name: `my videos, caption states after the deadline (${language})`, card: captionStates(language, '2026-12-06') },
    { name: `my videos, nothing due (${language})`, card: renderDigestCard({ language, view: 'myVideos', digestId: 0, heading: 'H', intro: 'I', items: [], moreText: '', labels: DIGEST_LABELS[language] }) },
  ]);
  const samples = (['en', 'fi'] as const).flatMap((language) => [
    { name: `answer (${language})`, card: renderAnswerCard({ language, questionId: 7, title: 'T', answer: 'A', sourceUrl: 'https://example.org/rules', followUps: ['Q1?', 'Q2?'], feedbackGiven: false }) },
    { name: `answer after feedback (${language})`, card: renderAnswerCard({ language, questionId: 7, title: 'T', answer: 'A', sourceUrl: 'https://example.org/rules', followUps: [], feedbackGiven: true }) },
    { name: `unknown (${language})`, card: renderUnknownCard({ language, questionId: 8, suggestions: [{ title: 'Trash', question: 'Q?' }], supportNames: { support: 'Desk', 'support:all': 'Deskille' }, supportEmail: 'desk@example.org', forwarded: false }) },
    { name: `unknown, forwarded (${language})`, card: renderUnknownCard({ language, questionId: 8, suggestions: [], supportNames: { support: 'Desk', 'support:all': 'Deskille' }, supportEmail: 'desk@example.org', forwarded: true }) },
    { name: `welcome (${language})`, card: renderWelcomeCard({ language, purpose: 'welcome', examples: ['Q1?'], sourceUrl: 'https://example.org/rules' }) },
    { name: `help (${language})`, card: renderWelcomeCard({ language, purpose: 'help', examples: ['Q1?'], sourceUrl: 'https://example.org/rules' }) },
    { name: `hedged answer (${language})`, card: renderAnswerCard({ language, questionId: 7, title: 'T', answer: 'A', sourceUrl: 'https://example.org/rules', followUps: [], feedbackGiven: false, intro: 'I think', hedge: { alternatives: [{ title: 'T2', question: 'Q2?' }], supportName: 'Desk', forwarded: false } }) },
    { name: `hedged answer, forwarded (${language})`, card: renderAnswerCard({ language, questionId: 7, title: 'T', answer: 'A', sourceUrl: 'https://example.org/rules', followUps: [], feedbackGiven: true, intro: 'I think', hedge: { alternatives: [], supportName: 'Desk', forwarded: true } }) },
    { name: `answer sent by support (${language})`, card: renderAnswerCard({ language, questionId: 7, title: 'T', answer: 'A', sourceUrl: 'https://example.org/rules', followUps: ['Q1?'], feedbackGiven: false, intro: 'Sanna answered', askFeedback: false }) },
    { name: `help with commands (${language})`, card: renderWelcomeCard({ language, purpose: 'help', commands: [{ phrase: 'my videos', description: 'D' }], examples: ['Q1?'], sourceUrl: 'https://example.org/rules' }) },
    { name: `answer with a dialog button (${language})`, card: renderAnswerCard({ language, questionId: 7, title: 'T', answer: 'A', sourceUrl: 'https://example.org/rules', followUps: [], feedbackGiven: false, actions: [{ title: 'Go', choice: 'extend' }] }) },
  ]);
  const supportCards = [
    { name: 'support question, open', card: renderSupportQuestionCard(supportQuestion({})) },
    { name: 'support question, answered with a reply', card: renderSupportQuestionCard(supportQuestion({ open: false, stateText: 'Answered by S', stateColor: 'Good', reply: 'See you', choices: [], askerAddress: undefined, botAnswer: '' })) },
    { name: 'learned phrasings', card: renderLearnedListCard({ heading: 'H', intro: 'I', items: [{ id: 3, text: 'Q?', detail: 'D' }], moreText: 'And 1 older one.' }) },
    { name: 'learned phrasings, none', card: renderLearnedListCard({ heading: 'H', intro: 'I', items: [], moreText: '' }) },
  ];

  for (const { name, card } of [...samples, ...digests, ...approvals, ...supportCards]) {
    it(`${name} is a valid schema 1.5 card with every field bound`, () => {
      assert.deepEqual(cardProblems(card), []);
    });
  }

  it('every template in cards/ is covered above and is plain JSON the Designer can open', () => {
    const templates = fs.readdirSync(CARDS_DIR).filter((f) => f.endsWith('.template.json'));
    assert.deepEqual(templates.sort(), [
      'answer.template.json',
      'approval.template.json',
      'digest.template.json',
      'learnedList.template.json',
      'requestList.template.json',
      'supportQuestion.template.json',
      'unknown.template.json',
      'welcome.template.json',
    ]);
    for (const file of templates) JSON.parse(fs.readFileSync(path.join(CARDS_DIR, file), 'utf8'));
  });

  it('the checker itself catches broken cards', () => {
    assert.notDeepEqual(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nope' }] }), []);
    assert.notDeepEqual(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${x}' }] }), []);
    assert.notDeepEqual(cardProblems({ type: 'AdaptiveCard', version: '1.5', actions: [{ type: 'Action.Execute', title: 't', verb: 'v' }] }), []);
  });

  it('shows what a person typed as text, not as Markdown or links', () => {
    assert.equal(escapeMarkdown('**bold** [x](http://e.vil)'), '\\*\\*bold\\*\\* \\[x](http://e.vil)');
    assert.equal(escapeMarkdown('- item\n1. first\n# heading'), '\\- item\n1\\. first\n\\# heading');
    assert.equal(escapeMarkdown('It is 2.5 years, e-mail me.'), 'It is 2.5 years, e-mail me.');
    const card = renderSupportQuestionCard(supportQuestion({ question: '![img](http://x) ${$root}', askedBy: '_Maija_' }));
    const text = visibleText(card);
    assert.match(text, /!\\\[img\]\(http:\/\/x\) \$\{\$root\}/);
    assert.match(text, /\\_Maija\\_/);
  });

  it('says each caption state in words, in both languages, with the actions that fit it', () => {
    const en = visibleText(captionStates('en'));
    assert.match(en, /Lecture none\n.*Captions due by 4 Dec 2026 \(in 4 days\)/);
    assert.match(en, /Lecture asr\n.*Automatic captions only: check and correct them by 4 Dec 2026/);
    assert.match(en, /Lecture pending\n.*Captions requested: due by 4 Dec 2026/);
    assert.match(en, /Lecture ordered\n.*Captions requested: due by 4 Dec 2026.*\n✓ Captions requested \(28 Nov 2026\)/);
    assert.match(en, /Lecture checked\n.*\n✓ You checked the automatic captions \(29 Nov 2026\)/);
    const fi = visibleText(captionStates('fi'));
    assert.match(fi, /Videolla on vain automaattinen tekstitys: tarkista ja korjaa se viimeistään 4\.12\.2026/);
    assert.match(fi, /Tekstitys on tilattu\. Määräaika on 4\.12\.2026/);
    assert.match(fi, /✓ Tarkistit automaattisen tekstityksen \(29\.11\.2026\)/);
    const late = visibleText(captionStates('en', '2026-12-06'));
    assert.match(late, /Automatic captions not checked: they were due 4 Dec 2026 \(2 days ago\)/);
    assert.match(late, /Captions requested but not ready: they were due 4 Dec 2026/);
    assert.match(visibleText(captionStates('fi', '2026-12-06')), /Tekstitys on tilattu, mutta se ei ole vielä valmis: määräaika oli 4\.12\.2026/);

    const card = captionStates('en');
    const verbsFor = (videoId: string) => actionsOf(card).filter((a) => a.data?.['videoId'] === videoId).map((a) => a.verb).sort();
    assert.deepEqual(verbsFor('asr'), ['automaticCaptionsChecked', 'markExempt', 'requestCaptions', 'snooze']);
    assert.deepEqual(verbsFor('none'), ['captionsPublished', 'markExempt', 'requestCaptions', 'snooze']);
    assert.deepEqual(verbsFor('pending'), ['captionsPublished', 'markExempt', 'snooze'], 'no second request');
    assert.deepEqual(verbsFor('checked'), []);
    assert.match(JSON.stringify(card), /Verbit makes the captions and they are added to the video in Panopto\. Your department pays for them\./);
  });

  it('gives every reason box of a digest its own input id, and shows Panopto titles as text', () => {
    const card = digests[0]?.card;
    const json = JSON.stringify(card);
    assert.equal((json.match(/"id":"reason_/g) ?? []).length, 1);
    assert.match(visibleText(card), /Lecture \\\*1\\\*/);
  });

  it('shows Markdown and very long text in a justification as plain text, within the size limit', () => {
    const justification = `# Keep! **bold** [link](https://evil.example) <b>x</b> ${'long '.repeat(190)}`;
    const card = renderApprovalCard(approval({ justification }));
    const text = visibleText(card);
    assert.match(text, /\\# Keep! \\\*\\\*bold\\\*\\\* \\\[link\]\(https:\/\/evil\.example\) \\<b>x\\<\/b>/);
    assert.deepEqual(cardProblems(card), []);
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < 28 * 1024);
  });

  it('puts each message\'s own question id on the feedback buttons of an otherwise identical answer', () => {
    const content = { language: 'en' as const, title: 'T', answer: 'Say "questionId":0 here', sourceUrl: 'https://example.org/rules', followUps: ['Q1?'], feedbackGiven: false };
    const first = renderAnswerCard({ ...content, questionId: 41 });
    const second = renderAnswerCard({ ...content, questionId: 42 });
    const ids = (card: object) => [...JSON.stringify(card).matchAll(/"questionId":(\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids(first), [41, 41, 41, 41]);
    assert.deepEqual(ids(second), [42, 42, 42, 42]);
    assert.match(visibleText(second), /Say "questionId":0 here/);
    const title = (first.body as Array<{ text?: string }>)[0] as { text?: string };
    assert.throws(() => {
      title.text = 'changed';
    }, TypeError, 'what one message shares with the next cannot be changed');
    assert.equal((second.body as Array<{ text?: string }>)[0]?.text, 'T');
  });

  it('keeps a card with a very long question well under Teams\' message size limit', () => {
    const card = renderSupportQuestionCard(supportQuestion({ question: 'x'.repeat(1000), choices: Array.from({ length: 40 }, (_, i) => ({ title: `Rule title number ${i}`, value: `rule_${i}` })) }));
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < 28 * 1024);
  });
});

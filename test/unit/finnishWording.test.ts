import assert from 'node:assert/strict';
import path from 'node:path';
import { LABELS } from '../../cards/labels';
import { PHRASES } from '../../dialogs/extensionPhrases';
import { DIGEST_LABELS, statusText } from '../../bot/reminders/digestText';
import { myVideosView } from '../../bot/reminders/digestView';
import { myRequestsView, OWNER_TEXT, ownerText, REQUEST_LINE } from '../../bot/requests/requestViews';
import type { ExtensionRequest } from '../../bot/storage/extensionRepository';
import { loadPolicy, parsePolicy, type Policy } from '../../bot/rules/policy';
import type { VideoFacts } from '../../bot/rules/videoStatus';
import { MESSAGES } from '../../bot/teams/userMessages';
import { buildLocalization } from '../../manifest/manifest';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const TODAY = '2026-11-29';
const context = (p: Policy = policy) => ({ policy: p, language: 'fi' as const, today: TODAY, declarations: new Map(), snoozes: new Map() });

/** Every fixed Finnish text the bot shows outside the knowledge base, by where it lives. */
function finnishTexts(): Array<[string, string]> {
  const tables: Record<string, Record<string, string>> = {
    labels: LABELS.fi,
    digest: DIGEST_LABELS.fi ?? {},
    dialog: PHRASES.fi,
    messages: MESSAGES.fi,
    ownerText: OWNER_TEXT.fi,
    requestLine: REQUEST_LINE.fi ?? {},
    manifest: buildLocalization({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', BOT_DOMAIN: 'bot.example.edu' }, 'fi') as Record<string, string>,
  };
  const texts = Object.entries(tables).flatMap(([table, texts]) => Object.entries(texts).map(([key, text]): [string, string] => [`${table}.${key}`, text]));
  for (const kind of ['caption', 'deletion', 'final'] as const) {
    for (const daysLeft of [-2, -1, 0, 1, 2]) texts.push([`status.${kind}.${daysLeft}`, statusText(kind, '2026-11-28', daysLeft, 'fi')]);
  }
  texts.push(['myVideos.unknown', myVideosView([], context()).intro]);
  return texts;
}

/** Wordings a review found wrong; none may come back. */
const KNOWN_WRONG: Array<[RegExp, string]> = [
  [/mediavaihtoeh/i, 'the accessibility term is "mediavastine"'],
  [/(^|\D)1 päivää/, '"1 päivää" is ungrammatical ("eilen", "1 päivän")'],
  [/\btu(ki|en|elta|elle|keen|essa|esta|ella|kea|kena)\b/i, '"tuki" is not a name: use the support team\'s name from the policy ({support}, {support:all}…)'],
  [/kysy kysymyksesi/i, 'tautology'],
  [/klo 0\d/, 'Finnish clock times have no leading zero ("klo 9.00")'],
  [/klo \d+:\d\d/, 'Finnish clock times use a full stop ("klo 9.00")'],
  [/poikkeukseksi/i, 'one action, one name: "Merkitse mediavastineeksi"'],
  [/roskakoripäiv/i, 'a coined word'],
  [/myöhäisempi/i, '"myöhempi"'],
  [/pidennetään\?|pyydetäänkö|jatketaan keskustelussa/i, 'a passive we-form in a sinä-form conversation'],
  [/oikea lause/i, 'calque of "a real sentence"'],
  [/^Ja /, 'a sentence starting with "Ja" is a calque'],
  [/luetaan|lukenut Panopto/i, '"reading Panopto" is a technical calque'],
  [/\(asti /, '"asti" follows the date'],
];

describe('Finnish wording outside the knowledge base', () => {
  it('no Finnish label, message or phrase uses a wording the review found wrong', () => {
    const texts = finnishTexts();
    assert.ok(texts.length > 80, `walked ${texts.length} texts`);
    const problems = texts.flatMap(([where, text]) => KNOWN_WRONG.filter(([wrong]) => wrong.test(text)).map(([, why]) => `${where}: "${text}" (${why})`));
    assert.deepEqual(problems, []);
  });

  it('no comma before "ja" or "eikä" joining two main clauses, as in English', () => {
    const commaJa = finnishTexts().filter(([, text]) => /, (ja|eikä) (ne|se|kerron|lähetän|siinä|sinun)\b/.test(text));
    assert.deepEqual(commaJa, []);
  });

  it('the first day overdue is "eilen"', () => {
    assert.equal(statusText('caption', '2026-11-28', -1, 'fi'), 'Tekstitys myöhässä: määräaika oli 28.11.2026 (eilen)');
    assert.match(statusText('final', '2026-11-27', -2, 'fi'), /\(2 päivää sitten\)/);
  });

  it('says the daily run time the Finnish way: klo 9.00', () => {
    assert.match(myVideosView([], context()).intro, /joka päivä klo 9\.00/);
    const late = parsePolicy({ ...JSON.parse(JSON.stringify(policy)), reminders: { ...policy.reminders, sendAt: '17:30' } });
    assert.match(myVideosView([], context(late)).intro, /klo 17\.30/);
  });

  it('names the videos left out of a long list in the right number: "Lisäksi yksi video", "Lisäksi 2 muuta videota"', () => {
    const video = (n: number): VideoFacts => ({
      id: `v${n}`, title: `Video ${n}`, ownerKey: 'maija@xamk.fi', ownerName: 'Maija', publishedAt: '2026-11-25T10:00:00Z',
      hasCaptions: false, isLive: false, lastViewedAt: undefined, viewerUrl: 'https://panopto.example/v',
    });
    const short = parsePolicy({ ...JSON.parse(JSON.stringify(policy)), reminders: { ...policy.reminders, digestMaxItems: 2 } });
    assert.match(myVideosView([1, 2, 3].map(video), context(short)).moreText, /^Lisäksi yksi video\./);
    assert.match(myVideosView([1, 2, 3, 4].map(video), context(short)).moreText, /^Lisäksi 2 muuta videota\./);
  });

  it('the media alternative is "mediavastine", and marking it has one name', () => {
    const fi = DIGEST_LABELS.fi ?? {};
    assert.equal(fi['markExempt'], 'Merkitse mediavastineeksi');
    assert.equal(fi['markExemptConfirm'], fi['markExempt']);
    assert.match(fi['exemptExplain'] ?? '', /mediavastine/);
    assert.match(fi['resolvedExempt'] ?? '', /mediavastineeksi/);
  });

  describe('what an owner is told about an extension request', () => {
    const request = (overrides: Partial<ExtensionRequest> = {}): ExtensionRequest => ({
      id: 7, videoId: 'v1', ownerKey: 'maija@xamk.fi', requestedBy: '29:maija', requestedByName: 'Maija', justification: 'Käytetään kurssilla.',
      requestedUntil: '2027-12-06', trashDateAtRequest: '2026-12-06', state: 'pending', decidedBy: undefined, decidedByName: undefined,
      decidedAt: undefined, decisionReason: undefined, approvedUntil: undefined, appliedAt: undefined, appliedByName: undefined,
      supportConversationId: undefined, supportActivityId: undefined, resurfacedAt: undefined, createdAt: '2026-11-29T10:00:00Z', ...overrides,
    });
    const say = (kind: Parameters<typeof ownerText>[0], r: ExtensionRequest) => ownerText(kind, 'fi', r, 'Orientaatio', policy);

    it('names who decided as the subject of the sentence, not in brackets', () => {
      assert.equal(say('approved', request({ state: 'approved', decidedByName: 'Sanna Support', approvedUntil: '2027-12-06' })), 'Sanna Support hyväksyi pidennyspyyntösi #7: video "Orientaatio" säilytetään 6.12.2027 asti.');
      assert.match(say('rejected', request({ state: 'rejected', decidedByName: 'Sanna Support', decisionReason: 'Kurssi on päättynyt.' })), /^Sanna Support hylkäsi pidennyspyyntösi #7 [^]*Perustelu: Kurssi on päättynyt\.$/);
    });

    it('names the support team where the request went, or could not go', () => {
      assert.match(say('sent', request()), /on lähetetty Xamkin IT-palvelupisteelle\./);
      assert.match(say('saved', request()), /en saanut juuri nyt yhteyttä Xamkin IT-palvelupisteeseen\./);
      assert.doesNotMatch(say('saved', request()), /odottavissa pyynnöissä|heille/);
    });

    it('an open request was made on a date, not "sent" (it may only have been saved)', () => {
      assert.match(say('pending', request()), /jonka teit 29\.11\.2026\. Siinä pyydetään säilytystä 6\.12\.2027 asti\./);
      assert.doesNotMatch(say('pending', request()), /lähetetty/);
    });

    it('"omat pyynnöt" says which date a line means: asked for, or granted', () => {
      const titles = new Map([['v1', 'Orientaatio']]);
      const lines = myRequestsView([request(), request({ id: 8, state: 'approved', approvedUntil: '2028-01-31' })], titles, 'fi').items.map((i) => i.detail);
      assert.deepEqual(lines, ['odottaa päätöstä · pyydetty säilytys 6.12.2027 asti', 'hyväksytty · säilytetään 31.1.2028 asti']);
    });
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildEntries, fillPlaceholders, UnknownPlaceholderError } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { formatDuration } from '../../bot/knowledge/phrases';
import { digestView } from '../../bot/reminders/digestView';
import { loadPolicy, parsePolicy, PolicyError, type Policy } from '../../bot/rules/policy';

const SEED = path.resolve(__dirname, '../../bot/rules/policies/xamk.json');
const KB_FILE = path.resolve(__dirname, '../../bot/knowledge/knowledge-base.json');
const seed = (): Policy => loadPolicy(SEED);
const withChanges = (change: (p: Record<string, unknown>) => void): unknown => {
  const raw = JSON.parse(fs.readFileSync(SEED, 'utf8')) as Record<string, unknown>;
  change(raw);
  return raw;
};

describe('Policy as data', () => {
  it('loads the seed university policy: two years from last view, 180 days in trash, captions in 14 days', () => {
    const policy = seed();
    assert.deepEqual(policy.lifecycle, { years: 2 });
    assert.deepEqual(policy.trashPeriod, { days: 180 });
    assert.deepEqual(policy.captionDeadline, { days: 14 });
    assert.equal(policy.timeZone, 'Europe/Helsinki');
  });

  it('rejects a policy with a clear message naming the field', () => {
    const cases: Array<[(p: Record<string, unknown>) => void, RegExp]> = [
      [(p) => (p['timeZone'] = 'Mars/Olympus'), /timeZone: must be an IANA time zone/],
      [(p) => (p['trashPeriod'] = { days: 0 }), /trashPeriod: must be a positive duration/],
      [(p) => (p['lifecycle'] = { years: 2, days: 3 }), /lifecycle: use exactly one unit/],
      [(p) => (p['unexpected'] = true), /unrecognized key/i],
      [(p) => delete p['support'], /support/],
      [(p) => ((p['support'] as { name: { fi: unknown } }).name.fi = 'IT-palvelupiste'), /support\.name\.fi: give the Finnish name in each case[^]*illative \(ill\)/],
      [(p) => delete (p['support'] as { name: { fi: Record<string, string> } }).name.fi['ela'], /support\.name\.fi\.ela/],
    ];
    for (const [change, message] of cases) {
      assert.throws(() => parsePolicy(withChanges(change), 'test.json'), (e: Error) => e instanceof PolicyError && message.test(e.message));
    }
  });

  it('says which caption states meet the deadline, and names a caption provider only if the institution has one', () => {
    assert.deepEqual(seed().captions, { countAsCaptioned: [] }, 'the seed institution: automatic captions must be checked, requested ones must arrive');
    const lenient = parsePolicy(withChanges((p) => (p['captions'] = { countAsCaptioned: ['automatic'], provider: { name: 'Verbit', paidBy: { en: 'Your department pays.', fi: 'Yksikkösi maksaa.' } } })));
    assert.deepEqual(lenient.captions.countAsCaptioned, ['automatic']);
    assert.equal(lenient.captions.provider?.name, 'Verbit');
    const withoutSection = withChanges((p) => delete p['captions']);
    assert.deepEqual(parsePolicy(withoutSection).captions, { countAsCaptioned: [] }, 'older policy files still load');
    assert.throws(() => parsePolicy(withChanges((p) => (p['captions'] = { countAsCaptioned: ['unchecked'] }))), /captions\.countAsCaptioned\.0/);
    assert.throws(() => parsePolicy(withChanges((p) => (p['captions'] = { countAsCaptioned: [], provider: { name: '' } }))), /captions\.provider\.name/);
  });

  it('says which file is missing or broken', () => {
    assert.throws(() => loadPolicy('/nonexistent/policy.json'), /policy\.json:\n\s+- cannot be read \(ENOENT\)/);
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-')), 'broken.json');
    fs.writeFileSync(broken, '{ not json');
    assert.throws(() => loadPolicy(broken), /is not valid JSON/);
  });

  it('every answer that states a number follows the policy: 90 days in trash changes every answer', () => {
    const policy = parsePolicy(withChanges((p) => (p['trashPeriod'] = { days: 90 })));
    const kb = new KnowledgeBase(buildEntries(policy));
    for (const [question, expected] of [
      ['How long is a video kept in the trash?', /90 days/],
      ['When are recordings deleted?', /90 days/],
      ['Mitä roskakoriin siirretylle videolle tapahtuu?', /90 päivää/],
      ['Milloin tallenteet poistetaan?', /90 päivän/],
    ] as const) {
      const result = kb.answer(question);
      assert.equal(result.kind, 'answer', question);
      if (result.kind === 'answer') {
        assert.match(result.entry.text[result.language].answer, expected);
        assert.doesNotMatch(result.entry.text[result.language].answer, /180/);
      }
    }
  });

  it('no rule number or institution name is written into the knowledge base itself', () => {
    const raw = fs.readFileSync(KB_FILE, 'utf8');
    const answers = (JSON.parse(raw) as Array<{ en: { answer: string }; fi: { answer: string } }>).flatMap((e) => [e.en.answer, e.fi.answer]);
    for (const answer of answers) {
      assert.doesNotMatch(answer, /\d/, `a number is hard-coded in: ${answer}`);
      assert.doesNotMatch(answer, /Xamk|NORDUnet|Learn\b|servicedesk/, `a policy name is hard-coded in: ${answer}`);
      assert.doesNotMatch(answer, /\b(one|two|three) years?\b|kaksi vuotta|kahden vuoden/, `a duration is hard-coded in: ${answer}`);
    }
  });

  it('fails at start, not in a chat, when an answer names an unknown placeholder', () => {
    assert.throws(() => fillPlaceholders('kept for {lifecylce}', { lifecycle: 'two years' }), UnknownPlaceholderError);
    const raw = JSON.parse(fs.readFileSync(KB_FILE, 'utf8')) as Array<{ en: { answer: string } }>;
    raw[0]!.en.answer = 'Broken {nope}';
    assert.throws(() => buildEntries(seed(), raw), /Unknown placeholder \{nope\}/);
  });
});

describe('Names and durations in the case a Finnish sentence needs', () => {
  const entryWith = (fi: string, en = fi) => [
    { id: 'probe', related: [], en: { title: 'Probe', questions: ['Probe?'], keywords: '', answer: en }, fi: { title: 'Koe', questions: ['Koe?'], keywords: '', answer: fi } },
  ];

  it('the support team has one name from the policy, inflected for Finnish sentences and plain in English', () => {
    const template = '{support} | {support:gen} | {support:all} | {support:ill} | {support:ela}';
    const [entry] = buildEntries(seed(), entryWith(template));
    assert.equal(
      entry?.text.fi.answer,
      'Xamkin IT-palvelupiste | Xamkin IT-palvelupisteen | Xamkin IT-palvelupisteelle | Xamkin IT-palvelupisteeseen | Xamkin IT-palvelupisteestä',
    );
    assert.equal(entry?.text.en.answer, Array(5).fill('Xamk IT Service Desk').join(' | '));
  });

  it('a one-year lifecycle reads "yhden vuoden" in sentences, in answers and in the reminder digest', () => {
    const policy = parsePolicy(withChanges((p) => (p['lifecycle'] = { years: 1 })));
    const [entry] = buildEntries(policy, entryWith('Tallenne säilyy {lifecycle} viimeisestä katselukerrasta, {lifecycle:gen} kuluttua. Elinkaari: {lifecycle:nom}.'));
    assert.equal(entry?.text.fi.answer, 'Tallenne säilyy yhden vuoden viimeisestä katselukerrasta, yhden vuoden kuluttua. Elinkaari: yksi vuosi.');
    const kb = new KnowledgeBase(buildEntries(policy));
    const result = kb.answer('Kuinka kauan videot säilyvät Panoptossa?');
    assert.equal(result.kind, 'answer');
    if (result.kind === 'answer') {
      assert.match(result.entry.text.fi.answer, /yhden vuoden/);
      assert.doesNotMatch(result.entry.text.fi.answer, /yksi vuosi/);
    }
    const intro = digestView(1, [], new Map(), { policy, language: 'fi', today: '2026-11-29', declarations: new Map(), snoozes: new Map() }).intro;
    assert.match(intro, /roskakoriin yhden vuoden viimeisen katselun jälkeen/);
  });

  it('the seed policy still reads "kaksi vuotta" and "kahden vuoden"', () => {
    const [entry] = buildEntries(seed(), entryWith('{lifecycle} / {lifecycle:gen} / {trashPeriod} / {trashPeriod:gen}'));
    assert.equal(entry?.text.fi.answer, 'kaksi vuotta / kahden vuoden / 180 päivää / 180 päivän');
  });
});

describe('Saying durations', () => {
  const cases: Array<[Parameters<typeof formatDuration>, string]> = [
    [[{ years: 2 }, 'en'], 'two years'],
    [[{ years: 1 }, 'en'], 'one year'],
    [[{ years: 12 }, 'en'], '12 years'],
    [[{ days: 180 }, 'en'], '180 days'],
    [[{ days: 1 }, 'en'], '1 day'],
    [[{ months: 6 }, 'en'], 'six months'],
    [[{ years: 2 }, 'fi', 'nom'], 'kaksi vuotta'],
    [[{ years: 2 }, 'fi', 'gen'], 'kahden vuoden'],
    [[{ years: 1 }, 'fi', 'nom'], 'yksi vuosi'],
    [[{ years: 1 }, 'fi', 'gen'], 'yhden vuoden'],
    [[{ years: 1 }, 'fi', 'acc'], 'yhden vuoden'],
    [[{ years: 2 }, 'fi', 'acc'], 'kaksi vuotta'],
    [[{ days: 1 }, 'fi', 'acc'], '1 päivän'],
    [[{ days: 180 }, 'fi', 'acc'], '180 päivää'],
    [[{ days: 14 }, 'fi', 'nom'], '14 päivää'],
    [[{ days: 14 }, 'fi', 'gen'], '14 päivän'],
    [[{ months: 3 }, 'fi', 'gen'], 'kolmen kuukauden'],
  ];
  for (const [args, expected] of cases) {
    it(`${JSON.stringify(args)} → ${expected}`, () => assert.equal(formatDuration(...args), expected));
  }
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { buildEntries } from '../../bot/knowledge/entries';
import { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { detectLanguage, languageFromLocale } from '../../bot/knowledge/language';
import { analyze, splitCompound, stem } from '../../bot/knowledge/text';
import { loadPolicy } from '../../bot/rules/policy';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));
const entries = buildEntries(policy);
const kb = new KnowledgeBase(entries);

function topicOf(question: string, locale?: string): string | null {
  const result = kb.answer(question, locale);
  return result.kind === 'answer' ? result.entry.id : null;
}

describe('Knowledge base content', () => {
  it('covers every rule of the seed page in both languages, with a source link', () => {
    const ids = entries.map((e) => e.id).sort();
    for (const rule of ['provider', 'login', 'students', 'recorder', 'terms', 'purpose', 'ownership', 'content', 'responsibility', 'consent', 'lifecycle', 'trash', 'extension', 'caption_deadline', 'caption_why', 'asr_check', 'caption_course', 'media_alternative', 'caption_language', 'audio', 'streaming']) {
      assert.ok(ids.includes(rule), rule);
    }
    for (const entry of entries) {
      for (const language of ['en', 'fi'] as const) {
        assert.match(entry.sourceUrl[language], /^https:\/\//);
        assert.ok(entry.text[language].answer.length < 400, `${entry.id}/${language} answer is short`);
        assert.doesNotMatch(entry.text[language].answer, /\{/, 'every placeholder filled');
      }
    }
  });

  it('gets the nuances right', () => {
    const answer = (q: string) => {
      const r = kb.answer(q);
      assert.equal(r.kind, 'answer', q);
      return r.kind === 'answer' ? r.entry.text[r.language].answer : '';
    };
    assert.match(answer('Does a live stream need captions?'), /do not need captions.*recording.*must be captioned within 14 days/s);
    assert.match(answer('Should I check automatic captions?'), /check.*correct/);
    assert.match(answer('What is a media alternative?'), /No separate captions are needed/);
    assert.match(answer('What language should subtitles be in?'), /same language/);
    assert.match(answer('Do podcasts have to be subtitled?'), /podcasts.*also need captions/);
    assert.match(answer('Pitääkö striimi tekstittää?'), /ei tarvitse tekstittää.*tallenne.*tekstitettävä/s);
  });

  it('suggestions never state a rule: titles and suggested questions carry no policy value', () => {
    for (const entry of entries) {
      for (const language of ['en', 'fi'] as const) {
        const shown = `${entry.text[language].title} ${entry.text[language].questions[0]}`;
        assert.doesNotMatch(shown, /\d|two years|kaksi vuotta|NORDUnet|trade secret|liikesalai/i, shown);
      }
    }
  });
});

describe('Understanding a question', () => {
  const cases: Array<[string, string | null]> = [
    // paraphrases and synonyms
    ['How long do recordings stay in Panopto?', 'lifecycle'],
    ['Will my videos be removed if nobody watches them?', 'lifecycle'],
    ['Do my videos need subtitles?', 'caption_deadline'],
    ['Is there a time limit for captioning?', 'caption_deadline'],
    // typos
    ['Do I have to add subtitels to my videos?', 'caption_deadline'],
    ['Can the lifecyle be extended?', 'extension'],
    // Finnish inflection and compounds
    ['Poistetaanko vanhat tallenteet?', 'lifecycle'],
    ['Milloin roskakorissa oleva video poistetaan lopullisesti?', 'trash'],
    ['Pitääkö luentotallenteet tekstittää?', 'caption_deadline'],
    ['tekstitysvaatimus striimeille?', 'streaming'],
    ['Mistä saan Panopto Recorderin?', 'recorder'],
    // out of scope, even with rule words in them
    ['What is the weather in Kotka tomorrow?', null],
    ['Mitä ruokalassa on tänään?', null],
    ['When is the deadline for grant applications?', null],
    ['Who owns the parking lot?', null],
    ['What is the wifi password?', null],
    ['', null],
    ['???', null],
  ];
  for (const [question, topic] of cases) {
    it(`"${question}" → ${topic ?? 'does not know'}`, () => assert.equal(topicOf(question), topic));
  }

  it('answers in the language of the question, not the Teams locale', () => {
    assert.equal(kb.answer('Milloin videot pitää tekstittää?', 'en-US').language, 'fi');
    assert.equal(kb.answer('When must videos be captioned?', 'fi-FI').language, 'en');
  });

  it('uses the locale only to break a tie', () => {
    assert.equal(detectLanguage('Panopto?', 'fi-FI'), 'fi');
    assert.equal(detectLanguage('Panopto?', 'en-GB'), 'en');
    assert.equal(detectLanguage('Panopto?', 'sv-SE'), 'en');
    assert.equal(languageFromLocale(undefined), undefined);
  });

  it('stems and folds synonyms in both languages', () => {
    assert.equal(stem('subtitles', 'en'), stem('captioned', 'en'));
    assert.equal(stem('removed', 'en'), stem('deleted', 'en'));
    assert.equal(stem('tekstitys', 'fi'), stem('tekstittää', 'fi'));
    assert.equal(stem('striimeille', 'fi'), stem('suoratoisto', 'fi'));
    assert.notEqual(stem('tekstinä', 'fi'), stem('tekstitys', 'fi'), 'text is not captions');
    assert.deepEqual(analyze('How do I', 'en'), []);
  });

  it('splits a Finnish compound into parts the index knows', () => {
    const vocabulary = new Set([stem('tekstitys', 'fi'), stem('vaatimus', 'fi')]);
    assert.deepEqual(splitCompound('tekstitysvaatimus', 'fi', vocabulary), [stem('tekstitys', 'fi'), stem('vaatimus', 'fi')]);
    assert.equal(splitCompound('captionrequirement', 'en', vocabulary), undefined);
  });

  it('reads Finnish typed without ä/ö as Finnish with them', () => {
    for (const [plain, accented] of [
      ['Pitaako podcastit tekstittaa?', 'Pitääkö podcastit tekstittää?'],
      ['Kuinka kauan poistettu video on roskakorissa?', 'Kuinka kauan poistettu video on roskakorissa?'],
      ['kayttoehdot panopto', 'käyttöehdot panopto'],
      ['aanitallenteen tekstitys pakollinen?', 'äänitallenteen tekstitys pakollinen?'],
    ] as const) {
      const a = kb.answer(plain, 'en-US');
      assert.equal(a.kind, 'answer', plain);
      assert.equal(a.language, 'fi', plain);
      assert.equal(topicOf(plain), topicOf(accented), plain);
    }
    assert.equal(stem('tekstittaa', 'fi'), stem('tekstittää', 'fi'));
  });

  it('reads spoken Finnish: question clitic -ks, spoken pronouns and verbs', () => {
    assert.deepEqual(analyze('onks mun pakko', 'fi'), analyze('onko minun pakko', 'fi'));
    assert.equal(stem('tarviiko', 'fi'), stem('tarvitseeko', 'fi'));
    assert.equal(topicOf('pitääks mun tekstittää podcastit'), 'audio');
    assert.equal(topicOf('voiks elinkaarta pidentää'), 'extension');
  });

  it('forgives a typo in a short word too', () => {
    assert.equal(topicOf('podcst captions?'), 'audio');
    assert.equal(topicOf('how long in the trsh?'), 'trash');
  });

  it('one foreign word does not decide the language: the majority of words does', () => {
    assert.equal(kb.answer('Do I need tekstitys for a podcast?', 'fi-FI').language, 'en');
    assert.equal(kb.answer('Pitääkö podcast tekstittää, siis captions?', 'en-US').language, 'fi');
  });

  it('a situation described in other words finds its rule', () => {
    assert.equal(topicOf('I filmed a panel where visiting speakers talk, anything to do before it goes online?'), 'consent');
    assert.equal(topicOf('Can I put background songs from Spotify in my course video?'), 'responsibility');
  });

  it('hedges when one rule is plausible but not certain, and offers others beside it', () => {
    const result = kb.answer('We have a pile of old material from a project that ended, nobody opens it anymore, what happens to it eventually?');
    assert.equal(result.kind, 'answer');
    if (result.kind !== 'answer') return;
    assert.equal(result.confidence, 'likely');
    assert.ok(result.alternatives.length >= 1 && result.alternatives.length <= 2);
    assert.ok(!result.alternatives.some((e) => e.id === result.entry.id));
  });

  it('answers short textbook questions outright, without alternatives', () => {
    const result = kb.answer('How long are videos kept in Panopto?');
    assert.equal(result.kind === 'answer' && result.confidence, 'sure');
    assert.deepEqual(result.kind === 'answer' && result.alternatives, []);
  });

  it('a question about another service it names is refused; one that names Panopto too is answered', () => {
    assert.equal(topicOf('Do Teams meeting recordings also get deleted automatically?'), null);
    assert.equal(topicOf('Kauanko Zoomin pilvitallenteet säilyvät?'), null);
    assert.equal(topicOf('I recorded my lecture in Zoom and uploaded it to Panopto. When must it be captioned?'), 'caption_deadline');
  });

  it('one shared word is not enough when an out-of-scope topic shares it too', () => {
    assert.equal(topicOf('moi! mitä kuuluu?'), null);
    assert.equal(topicOf('podcast?'), 'audio');
    assert.equal(topicOf('roskakori?'), 'trash');
  });

  it('a question about another service that shares rule words is refused, not answered with a rule', () => {
    for (const question of ['How do I empty the recycle bin in Outlook?', 'Miten lisään tekstitykset YouTube-videoon?', 'Can I extend my library loan?', 'Kuinka monta lomapäivää minulla on?']) {
      assert.equal(topicOf(question), null, question);
    }
  });

  it('every question the bot offers as a follow-up or suggestion is answered by its own rule', () => {
    for (const entry of entries) {
      for (const language of ['en', 'fi'] as const) {
        const offered = entry.text[language].questions[0] ?? '';
        const result = kb.answer(offered, language);
        assert.equal(result.kind === 'answer' && result.entry.id, entry.id, `${language}: "${offered}"`);
        assert.equal(result.language, language, offered);
      }
    }
  });

  it('suggests the closest topics when it does not know', () => {
    const result = kb.answer('Can I change the colour of the trash bin icon?');
    assert.equal(result.kind, 'unknown');
    if (result.kind === 'unknown') assert.ok(result.suggestions.some((s) => s.id === 'trash'));
  });
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { captionVerdict } from '../../dialogs/captionVerdict';
import { loadPolicy, type Policy } from '../../bot/rules/policy';

const policy = loadPolicy(path.resolve(__dirname, '../../bot/rules/policies/xamk.json'));

describe('Whether a recording needs captions (pure verdict)', () => {
  it('a live stream that is not kept needs none, on the live-stream rule', () => {
    assert.deepEqual(captionVerdict({ stream: 'liveOnly', audioOnly: true, course: true }, policy), { needed: false, rules: ['streaming'] });
  });

  it('a media alternative needs none, whatever else is true', () => {
    assert.deepEqual(captionVerdict({ stream: 'recorded', audioOnly: true, course: true, mediaAlternative: true }, policy), { needed: false, rules: ['media_alternative'] });
  });

  it('the recording of a stream is a normal video: due the policy\'s deadline after publication', () => {
    const verdict = captionVerdict({ stream: 'recordingOfLive', audioOnly: false, course: false, mediaAlternative: false, spoken: 'fi', publishedOn: '2026-12-28' }, policy);
    assert.deepEqual(verdict, { needed: true, textAlternativeAllowed: false, spoken: 'fi', dueDate: '2027-01-11', rules: ['streaming', 'caption_deadline', 'caption_language'] });
  });

  it('audio and course material cite their own rules, most specific first; course material may have a transcript instead', () => {
    const verdict = captionVerdict({ stream: 'recorded', audioOnly: true, course: true, mediaAlternative: false, spoken: 'en' }, policy);
    assert.ok(verdict.needed);
    assert.deepEqual(verdict.rules, ['audio', 'caption_course', 'caption_deadline', 'caption_language']);
    assert.equal(verdict.textAlternativeAllowed, true);
    assert.equal(verdict.dueDate, undefined);
  });

  it('follows the policy: a 30-day deadline gives a date 30 days on', () => {
    const longer: Policy = { ...policy, captionDeadline: { days: 30 } };
    const verdict = captionVerdict({ stream: 'recorded', publishedOn: '2027-02-01' }, longer);
    assert.ok(verdict.needed);
    assert.equal(verdict.dueDate, '2027-03-03');
  });
});

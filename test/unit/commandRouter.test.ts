import assert from 'node:assert/strict';
import { CommandRouter, normalizeCommand, type CommandRow } from '../../bot/teams/commandRouter';
import { COMMANDS } from '../../bot/teams/commands';

const row = (id: string, en: string[], fi: string[], extra: Partial<CommandRow<string>> = {}): CommandRow<string> => ({
  id,
  phrases: { en, fi },
  help: { en: `${id} (en)`, fi: `${id} (fi)` },
  scope: 'both',
  who: 'anyone',
  handler: id,
  ...extra,
});

describe('The command router (pure)', () => {
  it('matches whole phrases in any case, without closing punctuation, and says the language of the words', () => {
    const router = new CommandRouter([row('help', ['help'], ['ohje'], { anyLanguage: ['?'] })]);
    assert.equal(router.match('  HELP!! ')?.language, 'en');
    assert.equal(router.match('Ohje?')?.language, 'fi');
    assert.equal(router.match('?')?.language, undefined);
    assert.equal(router.match('help me with captions'), undefined);
  });

  it('refuses a table where two commands answer the same words', () => {
    assert.throws(() => new CommandRouter([row('a', ['start'], []), row('b', ['Start!'], [])]), /"start" belongs to both a and b/);
  });

  it('lists for help only the commands allowed here and for this person, named in the asked language', () => {
    const router = new CommandRouter([
      row('mine', ['my videos'], ['omat videot'], { scope: 'personal' }),
      row('queue', ['pending'], ['odottavat'], { who: 'support' }),
      row('hidden', ['hi'], ['moi'], { help: undefined }),
    ]);
    assert.deepEqual(router.helpLines('fi', 'personal', false), [{ phrase: 'omat videot', description: 'mine (fi)' }]);
    assert.deepEqual(router.helpLines('en', 'channel', true).map((l) => l.phrase), ['pending']);
  });

  it('offers a command as a button on the answers of the rules it names', () => {
    const router = new CommandRouter([row('extend', ['extend'], ['pidennä'], { offeredOn: { entries: ['extension'], button: { en: 'Request', fi: 'Pyydä' } } })]);
    assert.deepEqual(router.buttonsFor('extension', 'fi'), [{ title: 'Pyydä', choice: 'pidennä' }]);
    assert.deepEqual(router.buttonsFor('trash', 'en'), []);
  });

  it('the bot\'s own table has no clashing phrases, and every listed command has a line in both languages', () => {
    const router = new CommandRouter(COMMANDS);
    for (const language of ['en', 'fi'] as const) {
      for (const line of router.helpLines(language, 'personal', true)) assert.ok(line.description.length > 0 && line.phrase === normalizeCommand(line.phrase), line.phrase);
    }
  });
});

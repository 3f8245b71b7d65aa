import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import { DialogSessions, type SessionStatus } from '../../bot/teams/dialogSessions';
import { openSqliteStore } from '../../bot/storage/sqlite/sqliteStore';
import type { Store } from '../../bot/storage/repositories';

/** The mechanism every chat dialog uses: state per person in a conversation, kept in the store, closed when left. */

const GROUP = { id: '19:group@thread.v2', isGroup: true, conversationType: 'groupChat', name: '' };

describe('Dialog sessions (per person, with an expiry)', () => {
  let dir: string;
  let store: Store;
  let clock: number;
  let sessions: DialogSessions;
  const adapter = new TestAdapter();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessions-'));
    store = openSqliteStore(path.join(dir, 'bot.db'));
    clock = Date.parse('2026-11-29T10:00:00Z');
    const ask = new WaterfallDialog('ask', [(step) => step.prompt('text', 'Why?'), (step) => step.endDialog(step.result)]);
    sessions = new DialogSessions(store.botState, [ask, new TextPrompt('text')], { expiresAfterMs: 60 * 60_000, now: () => new Date(clock) });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One turn by one person in the group chat: what the session was, and then the dialog moves on if it is open. */
  async function turn(userId: string, begin = false): Promise<SessionStatus> {
    const activity: Partial<Activity> = { type: ActivityTypes.Message, text: 'hello', channelId: 'msteams', conversation: GROUP, from: { id: userId, name: userId }, recipient: { id: 'bot', name: 'bot' } };
    const context = new TurnContext(adapter, activity);
    const status = await sessions.status(context);
    if (begin) await sessions.begin(context, 'ask', {});
    else if (status.kind === 'active') await sessions.continue(context);
    await sessions.save(context);
    return status;
  }

  it('keeps one person\'s dialog apart from another\'s in the same conversation', async () => {
    await turn('29:maija', true);
    assert.deepEqual(await turn('29:matti'), { kind: 'none' });
    assert.deepEqual(await turn('29:maija'), { kind: 'active' });
    assert.deepEqual(await turn('29:maija'), { kind: 'none' }, 'her answer ended it');
  });

  it('closes a dialog left longer than the expiry, once, and says which dialog it was', async () => {
    await turn('29:maija', true);
    clock += 59 * 60_000;
    assert.deepEqual(await turn('29:matti'), { kind: 'none' });
    clock += 61 * 60_000;
    assert.deepEqual(await turn('29:maija'), { kind: 'expired', dialogId: 'ask' });
    assert.deepEqual(await turn('29:maija'), { kind: 'none' });
  });

  it('measures the pause from the person\'s last turn, not from the start', async () => {
    await turn('29:maija', true);
    clock += 50 * 60_000;
    await turn('29:maija', true);
    clock += 50 * 60_000;
    assert.deepEqual(await turn('29:maija'), { kind: 'active' });
  });
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { FakePanopto } from '../fakes/panopto';
import { BotHarness } from '../support/botHarness';
import { execute, MAIJA, MATTI, message } from '../support/activities';
import { FAST, meet, seedPanopto } from '../support/reminderScene';
import { RecordingTelemetry } from '../support/telemetry';

/** Every JSON log line of one turn, or of one reminder run, carries one id, so the lines of one can be found. */

type LogRecord = { msg: string; turnId?: string; runId?: string };
const records = (lines: string[]) => lines.map((line) => JSON.parse(line) as LogRecord);

describe('Correlation ids in the log', () => {
  it('a turn: every line carries turnId, the activity id when no traces are recorded', async () => {
    const bot = await new BotHarness().start();
    try {
      const from = bot.logLines.length;
      // A rating of a question that does not exist: refused by the card actions, and the roster lookup logs too.
      await bot.post({ ...execute('feedback', { questionId: 999, helpful: false }), id: 'activity-one' });
      await bot.post({ ...message('How long are videos kept?'), id: 'activity-two' });
      const lines = records(bot.logLines.slice(from));
      const first = lines.filter((r) => r.turnId === 'activity-one');
      assert.ok(first.some((r) => r.msg === 'card action refused') && first.some((r) => r.msg === 'roster lookup failed'), JSON.stringify(lines));
      assert.ok(lines.some((r) => r.turnId === 'activity-two'));
      assert.ok(lines.every((r) => r.turnId === 'activity-one' || r.turnId === 'activity-two'), 'no line of a turn without its id');
    } finally {
      await bot.stop();
    }
  });

  describe('with traces recorded', () => {
    const telemetry = new RecordingTelemetry();
    let uninstall: () => void;
    before(() => (uninstall = telemetry.install()));
    after(() => uninstall());

    it("a turn's id is its trace id, so a log line leads to the trace in Application Insights", async () => {
      const bot = await new BotHarness().start();
      try {
        telemetry.reset();
        const from = bot.logLines.length;
        await bot.post({ ...execute('feedback', { questionId: 999, helpful: false }), id: 'activity-one' });
        const [span] = telemetry.spans.filter((s) => s.name === 'bot.turn');
        assert.ok(span);
        const lines = records(bot.logLines.slice(from));
        assert.ok(lines.length >= 2);
        assert.ok(lines.every((r) => r.turnId === span.traceId));
      } finally {
        await bot.stop();
      }
    });

    it("a reminder run: every line of the run carries its runId (the run's trace id), and another run's lines another", async () => {
      const panopto = new FakePanopto({ pageSize: 2 });
      await panopto.start();
      seedPanopto(panopto);
      const bot = await new BotHarness({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'warn' }).start();
      try {
        await meet(bot, MAIJA, 'maija@xamk.fi');
        await meet(bot, MATTI, 'matti@xamk.fi');
        const lines: string[] = [];
        const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
        telemetry.reset();
        const reminders = createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('debug', sink) }, FAST);
        await reminders.service.runOnce();
        await reminders.service.runOnce();
        const runs = telemetry.spans.filter((s) => s.name === 'bot.reminder.run').map((s) => s.traceId);
        assert.equal(runs.length, 2);
        const logged = records(lines);
        for (const runId of runs) {
          const ofRun = logged.filter((r) => r.runId === runId).map((r) => r.msg);
          assert.ok(ofRun.includes('reminders planned') && ofRun.includes('reminder run finished'), JSON.stringify(ofRun));
        }
        assert.ok(logged.every((r) => r.runId !== undefined && runs.includes(r.runId)), 'every line belongs to one of the runs');
      } finally {
        await bot.stop();
        await panopto.stop();
      }
    });
  });

  it('a reminder run without traces gets an id of its own', async () => {
    const bot = await new BotHarness().start();
    try {
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) });
      await createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('info', sink) }, FAST).service.runOnce();
      // The demo data says so when it is built, before the run: that line is nobody's.
      const ofRun = records(lines).filter((r) => r.msg !== 'Reminders use the bundled DEMO data (no PANOPTO_SERVER set); owners are the Playground users.');
      const ids = new Set(ofRun.map((r) => r.runId));
      assert.equal(ids.size, 1, JSON.stringify(ofRun));
      assert.match([...ids][0] ?? '', /^[0-9a-f-]{36}$/);
      assert.ok(ofRun.some((r) => r.msg === 'reminder run finished'));
    } finally {
      await bot.stop();
    }
  });
});

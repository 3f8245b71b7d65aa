import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import { createLogger } from '../../bot/logger';
import { createReminders } from '../../bot/compose/reminders';
import { FakePanopto } from '../fakes/panopto';
import { BotHarness } from '../support/botHarness';
import { MAIJA, MATTI, SUPPORT_CHANNEL, execute, message, personalConversation } from '../support/activities';
import { actionsOf, cardOf } from '../support/cards';
import { extensionScene, SANNA, type Scene } from '../support/extensionScene';
import { FAST, meet, seedPanopto } from '../support/reminderScene';
import { RecordingTelemetry } from '../support/telemetry';

/**
 * What Application Insights would receive, through the OpenTelemetry API the bot speaks: counts by language and
 * outcome, spans per turn and per run, and never a word anybody typed, a name or an e-mail.
 */

const HEDGED = "Can I sign in to panopto with my private gmail, I'd rather keep my work account out of it";
const QUESTIONS = [
  ['How long are videos kept?', 'en-US'],
  ['Pitääkö podcastit tekstittää?', 'fi-FI'],
  [HEDGED, 'en-US'],
  ['What is the weather tomorrow?', 'en-US'],
  ['Millainen sää on huomenna?', 'fi-FI'],
] as const;

/** Attribute values are fixed words and numbers only: nothing a person typed or is called can fit. */
function assertNoContent(telemetry: RecordingTelemetry, ...forbidden: string[]): void {
  for (const value of telemetry.attributeValues()) {
    if (typeof value === 'string') assert.match(value, /^[a-z_.]{1,24}$/, `attribute value ${JSON.stringify(value)}`);
    else assert.ok(typeof value === 'number' || typeof value === 'boolean', `attribute value ${JSON.stringify(value)}`);
  }
  const all = JSON.stringify([telemetry.points, telemetry.spans]);
  for (const text of forbidden) assert.ok(!all.includes(text), `${text} is not in the telemetry`);
}

describe('Telemetry: metrics and traces', () => {
  const telemetry = new RecordingTelemetry();
  let uninstall: () => void;
  before(() => (uninstall = telemetry.install()));
  after(() => uninstall());
  beforeEach(() => telemetry.reset());

  it('counts questions per language and outcome (answered, hedged, unknown), one span per turn, no text', async () => {
    const bot = await new BotHarness().start();
    try {
      for (const [text, locale] of QUESTIONS) await bot.turn(message(text, { locale }));
      const questions = (language: string, outcome: string) => telemetry.sum('bot.questions', { language, outcome });
      assert.deepEqual(
        { enAnswered: questions('en', 'answered'), fiAnswered: questions('fi', 'answered'), enHedged: questions('en', 'hedged'), enUnknown: questions('en', 'unknown'), fiUnknown: questions('fi', 'unknown') },
        { enAnswered: 1, fiAnswered: 1, enHedged: 1, enUnknown: 1, fiUnknown: 1 },
      );
      assert.equal(telemetry.sum('bot.questions'), 5);
      const turns = telemetry.spans.filter((s) => s.name === 'bot.turn');
      assert.equal(turns.length, 5);
      assert.ok(turns.every((s) => s.ended && s.attributes['bot.activity_type'] === 'message' && s.attributes['http.response.status_code'] === 200));
      assert.equal(telemetry.recordings('bot.turn.duration'), 5);
      assertNoContent(telemetry, ...QUESTIONS.map(([text]) => text), MAIJA.name, MAIJA.id);
    } finally {
      await bot.stop();
    }
  });

  it('a reminder run: the run, notices planned, and each digest sent, failed, dead-lettered or unreachable', async () => {
    const panopto = new FakePanopto({ pageSize: 2 });
    await panopto.start();
    seedPanopto(panopto);
    panopto.addSession({ Id: 's-captions', Name: 'Sanna at work', FolderId: 'lectures', Username: 'XAMK\\sanna', StartTime: new Date(Date.now() - 5 * 86_400_000).toISOString() });
    const bot = await new BotHarness({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'warn' }).start();
    try {
      await meet(bot, MAIJA, 'maija@xamk.fi');
      await meet(bot, MATTI, 'matti@xamk.fi');
      await meet(bot, SANNA, 'sanna@xamk.fi');
      telemetry.reset();
      // Matti's chat refuses the card as too large (never retried); Sanna's Teams is down for every attempt.
      bot.connector.failFor.set(personalConversation(MATTI).id, [{ status: 413 }]);
      bot.connector.failFor.set(personalConversation(SANNA).id, Array.from({ length: FAST.maxAttempts }, () => ({ status: 503 })));
      const report = await createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent') }, FAST).service.runOnce();
      assert.equal(report.status, 'done');
      const summary = report.status === 'done' ? report.summary : undefined;
      assert.deepEqual({ planned: summary?.planned, sent: summary?.sent, failed: summary?.failed, unreachable: summary?.unreachable }, { planned: 5, sent: 1, failed: 2, unreachable: 1 });

      assert.equal(telemetry.sum('bot.reminder.runs', { outcome: 'done' }), 1);
      assert.equal(telemetry.recordings('bot.reminder.run.duration'), 1);
      assert.equal(telemetry.sum('bot.reminder.notices.planned'), 5);
      const digests = (outcome: string) => telemetry.sum('bot.reminder.digests', { outcome });
      assert.deepEqual({ sent: digests('sent'), failed: digests('failed'), dead: digests('dead_lettered'), unreachable: digests('unreachable') }, { sent: 1, failed: 1, dead: 1, unreachable: 1 });
      const [run] = telemetry.spans.filter((s) => s.name === 'bot.reminder.run');
      assert.ok(run?.ended);
      assertNoContent(telemetry, 'Statistics lecture 1', 'Logistics week 3', 'maija@xamk.fi', 'ghost@xamk.fi', MATTI.name);

      // Two runs at once (the schedule and the command line, say): one runs, the other finds the lease held.
      const runs = () => createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent') }, FAST).service.runOnce();
      const statuses = (await Promise.all([runs(), runs()])).map((r) => r.status).sort();
      assert.deepEqual(statuses, ['busy', 'done']);
      assert.equal(telemetry.sum('bot.reminder.runs', { outcome: 'busy' }), 1);
      assert.equal(telemetry.sum('bot.reminder.runs', { outcome: 'done' }), 2);
    } finally {
      await bot.stop();
      await panopto.stop();
    }
  });

  it('a reminder run that fails (Panopto refuses the folder listing) counts as failed, and its span says so', async () => {
    const panopto = new FakePanopto({ pageSize: 2 });
    await panopto.start();
    seedPanopto(panopto);
    const bot = await new BotHarness({ ...panopto.env(), PANOPTO_OWNER_EMAIL_DOMAIN: 'xamk.fi', LOG_LEVEL: 'silent' }).start();
    try {
      // Refused, and refused again with a new token: not something a retry mends.
      panopto.fail('api/v1/folders', { status: 403 }, { status: 403 });
      const run = createReminders({ config: bot.app.config, policy: bot.app.policy, store: bot.app.store, logger: createLogger('silent') }, FAST).service.runOnce();
      await assert.rejects(run, /Panopto refused access/);
      assert.equal(telemetry.sum('bot.reminder.runs', { outcome: 'failed' }), 1);
      assert.equal(telemetry.sum('bot.reminder.runs', { outcome: 'done' }), 0);
      const [span] = telemetry.spans.filter((s) => s.name === 'bot.reminder.run');
      assert.equal(span?.status?.code, SpanStatusCode.ERROR);
      assert.equal(span?.status?.message, 'PanoptoError', 'the error kind, not its message');
    } finally {
      await bot.stop();
      await panopto.stop();
    }
  });

  describe('forwards and extension requests', () => {
    let scene: Scene;
    beforeEach(async () => {
      scene = await extensionScene();
      telemetry.reset();
    });
    afterEach(() => scene.stop());

    it('counts a question forwarded to support by its trigger and outcome', async () => {
      const [answer] = await scene.bot.turn(message(HEDGED));
      const forward = actionsOf(cardOf(answer ?? {})).find((a) => a.verb === 'forwardToSupport');
      assert.ok(forward, '"Not what I meant" is offered');
      await scene.bot.post(execute('forwardToSupport', forward.data));
      assert.equal(telemetry.sum('bot.forwards', { trigger: 'asked', outcome: 'delivered' }), 1);
      assert.equal(scene.bot.connector.sent(SUPPORT_CHANNEL.id).length, 1);
      assertNoContent(telemetry, HEDGED, MAIJA.name);
    });

    it('counts extension requests and each decision, once', async () => {
      const reason = 'It is used in the Logistics course every spring and students need it until 2028.';
      for (const text of ['extend', 'Old orientation', reason, 'one year', 'Send request']) await scene.bot.turn(message(text, { user: MAIJA }));
      assert.equal(telemetry.sum('bot.extension.requests', { outcome: 'created' }), 1);
      const request = (await scene.bot.app.store.extensions.byOwner('maija@xamk.fi'))[0];
      assert.ok(request);
      const click = (verb: string) => scene.bot.post({ ...execute(verb, { requestId: request.id }, { user: SANNA }), conversation: { ...SUPPORT_CHANNEL, id: `${SUPPORT_CHANNEL.id};messageid=1` } });
      await click('approveExtension');
      await click('approveExtension');
      await click('markApplied');
      assert.equal(telemetry.sum('bot.extension.decisions', { decision: 'approved' }), 1, 'a second click decides nothing');
      assert.equal(telemetry.sum('bot.extension.decisions', { decision: 'applied' }), 1);
      assertNoContent(telemetry, reason, 'Old orientation', 'Sanna Support', 'maija@xamk.fi');
    });
  });
});

import { metrics, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import type { Language } from '../rules/policy';

/**
 * The bot's own metrics, through the OpenTelemetry API: no-ops until an SDK registers a meter provider (startTelemetry,
 * or a test). Attribute values are fixed words (language, outcome, kind), never text, names, e-mails or ids of people,
 * so Application Insights holds counts, not content.
 */

export type QuestionOutcome = 'answered' | 'hedged' | 'unknown';
export type ForwardTrigger = 'asked' | 'not_helpful' | 'next_run';
export type ForwardOutcome = 'delivered' | 'failed' | 'limited';
export type RunOutcome = 'done' | 'busy' | 'failed';
export type DigestOutcome = 'sent' | 'failed' | 'dead_lettered' | 'unreachable';
export type Decision = 'approved' | 'rejected' | 'applied';

interface Instruments {
  questions: Counter;
  forwards: Counter;
  runs: Counter;
  runDuration: Histogram;
  noticesPlanned: Counter;
  digests: Counter;
  extensionRequests: Counter;
  extensionDecisions: Counter;
  turnDuration: Histogram;
}

// The metrics API has no proxy: instruments taken before an SDK registers stay no-ops. So they are taken per provider.
const byProvider = new WeakMap<MeterProvider, Instruments>();

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let found = byProvider.get(provider);
  if (found === undefined) {
    const meter = provider.getMeter('panopto-rules-bot');
    found = {
      questions: meter.createCounter('bot.questions', { description: 'Questions asked, by language and outcome', unit: '{question}' }),
      forwards: meter.createCounter('bot.forwards', { description: 'Questions forwarded to support, by trigger and outcome', unit: '{question}' }),
      runs: meter.createCounter('bot.reminder.runs', { description: 'Reminder runs, by outcome', unit: '{run}' }),
      runDuration: meter.createHistogram('bot.reminder.run.duration', { description: 'How long a reminder run took', unit: 's' }),
      noticesPlanned: meter.createCounter('bot.reminder.notices.planned', { description: 'Reminder notices planned', unit: '{notice}' }),
      digests: meter.createCounter('bot.reminder.digests', { description: 'Reminder digests handled, by outcome', unit: '{digest}' }),
      extensionRequests: meter.createCounter('bot.extension.requests', { description: 'Extension requests submitted', unit: '{request}' }),
      extensionDecisions: meter.createCounter('bot.extension.decisions', { description: 'Extension decisions, by decision', unit: '{decision}' }),
      turnDuration: meter.createHistogram('bot.turn.duration', { description: 'How long a Bot Framework activity took to handle', unit: 'ms' }),
    };
    byProvider.set(provider, found);
  }
  return found;
}

export const botMetrics = {
  question(language: Language, outcome: QuestionOutcome): void {
    instruments().questions.add(1, { language, outcome });
  },
  forward(trigger: ForwardTrigger, outcome: ForwardOutcome): void {
    instruments().forwards.add(1, { trigger, outcome });
  },
  reminderRun(outcome: RunOutcome, seconds: number, planned: number): void {
    const i = instruments();
    i.runs.add(1, { outcome });
    i.runDuration.record(seconds, { outcome });
    if (planned > 0) i.noticesPlanned.add(planned);
  },
  digest(outcome: DigestOutcome): void {
    instruments().digests.add(1, { outcome });
  },
  extensionRequest(created: boolean): void {
    instruments().extensionRequests.add(1, { outcome: created ? 'created' : 'already_pending' });
  },
  extensionDecision(decision: Decision): void {
    instruments().extensionDecisions.add(1, { decision });
  },
  turn(activityType: string, status: number, ms: number): void {
    instruments().turnDuration.record(ms, { activity_type: activityType, status });
  },
};

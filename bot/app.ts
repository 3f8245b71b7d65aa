import type restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import pkg from '../package.json';
import { AnswerService } from './answers/answerService';
import type { Config } from './config';
import { buildEntries } from './knowledge/entries';
import { KnowledgeBase } from './knowledge/knowledgeBase';
import type { Logger } from './logger';
import { loadPolicy, type Policy } from './rules/policy';
import { closeGracefully, createServer } from './server';
import { openStore } from './storage/openStore';
import type { Store } from './storage/repositories';
import { botAppId, createAdapter } from './teams/adapter';
import { CardActions } from './teams/cardActions';
import { Presenter } from './teams/presenter';
import { ConversationMemory } from './teams/rememberConversation';
import { RulesBot } from './teams/rulesBot';
import { TeamsSupportInbox } from './teams/supportInbox';
import { ReminderPresenter } from './teams/reminderPresenter';
import { TeamsSupportChannel } from './teams/supportChannel';
import { ExtensionChat } from './teams/extensionChat';
import { DialogSessions } from './teams/dialogSessions';
import { TeamsOwnerMessenger } from './teams/ownerMessenger';
import { ExtensionService } from './requests/extensionService';
import { ExtensionWorkflow } from './requests/extensionWorkflow';
import { commandRouter } from './teams/commands';
import { SupportMembership } from './teams/supportMembership';
import { OwnerActions } from './reminders/ownerActions';
import { CaptionRequests } from './reminders/captionRequests';
import { createReminders, type Reminders } from './compose/reminders';
import { createCaptionScheduler, panoptoClient } from './compose/panopto';
import { approvalChannel } from './teams/approvalChannel';
import { ReadinessProbe } from './readiness';
import { SupportAnswers } from './answers/supportAnswers';
import { TeamsAskerMessenger } from './teams/askerMessenger';
import { LearnedCommand } from './teams/learnedCommand';
import { SlidingWindowLimiter, tenantWindows } from './reminders/rateLimiter';
import { paceOutgoing } from './teams/tenantPacing';

/** Composition: config → policy → knowledge → store → Teams edge → HTTP server. Nothing here listens. */

export interface App {
  config: Config;
  workflow: ExtensionWorkflow;
  server: restify.Server;
  reminders: Reminders;
  adapter: CloudAdapter;
  /** Teams' per-tenant limit for everything this process sends. */
  tenantLimiter: SlidingWindowLimiter;
  store: Store;
  policy: Policy;
  knowledge: KnowledgeBase;
  version: string;
  close(): Promise<void>;
}

export function buildApp(config: Config, logger: Logger): App {
  const policy = loadPolicy(config.policyFile);
  const knowledge = new KnowledgeBase(buildEntries(policy));
  const store = openStore(config.store);
  const adapter = createAdapter(config, logger, policy);
  const tenantLimiter = new SlidingWindowLimiter(tenantWindows(config.teamsTenantRps));
  adapter.use(paceOutgoing(tenantLimiter));

  const supportChannel = new TeamsSupportChannel(adapter, botAppId(config), store.conversations, config.supportConversationId, logger);
  const supportInbox = new TeamsSupportInbox(supportChannel, knowledge, store.conversations, policy.timeZone, logger);
  const answers = new AnswerService(knowledge, store.questions, supportInbox, policy);
  const presenter = new Presenter(knowledge, policy, answers, (entryId, language) => commandRouter.buttonsFor(entryId, language));
  const owners = new OwnerActions(store, policy);
  const reminderPresenter = new ReminderPresenter(store, policy, owners);
  const extensionService = new ExtensionService(store, policy, owners, config.supportUsers);
  const supportAnswers = new SupportAnswers(knowledge, store.questions, store.learned, (actor) => extensionService.isSupport(actor), new TeamsAskerMessenger(adapter, botAppId(config), store.conversations, presenter), (question) => supportInbox.changed(question));
  supportAnswers.loadLearned().then(
    (count) => logger.info({ count }, 'learned phrasings loaded'),
    (error: Error) => logger.error({ err: error.message }, 'could not load learned phrasings'),
  );
  const workflow = new ExtensionWorkflow(extensionService, store, policy, approvalChannel(supportChannel), new TeamsOwnerMessenger(adapter, botAppId(config), store.conversations, logger), logger);
  const reminders = createReminders({ config, policy, store, logger, tenantLimiter, afterRun: async (now) => (await answers.deliverForwardsInFlight(now)) + (await supportAnswers.deliverAnswersInFlight(now)) + (await workflow.daily(now)) });
  // Every chat dialog in the one DialogSessions: a second instance on the same storage would overwrite this one's state.
  const dialogs = new DialogSessions(store.botState, () => {
    // Loaded when someone first opens a dialog, not at every start: botbuilder-dialogs alone takes half a second.
    const { ExtensionDialog } = require('../dialogs/extensionDialog') as typeof import('../dialogs/extensionDialog');
    const { CaptionCheckDialog } = require('../dialogs/captionCheckDialog') as typeof import('../dialogs/captionCheckDialog');
    return [new ExtensionDialog(extensionService, workflow, policy), new CaptionCheckDialog(owners, knowledge, policy)];
  });
  const extensionChat = new ExtensionChat(
    dialogs,
    extensionService,
    store,
    policy,
    config.supportConversationId,
  );
  const bot = new RulesBot({
    answers,
    presenter,
    reminders: reminderPresenter,
    extensions: extensionChat,
    support: new SupportMembership(extensionService, supportChannel, logger),
    cardActions: new CardActions(answers, presenter, { owners, presenter: reminderPresenter, policy, captions: new CaptionRequests(store, policy, owners, createCaptionScheduler(config, logger)) }, { service: extensionService, workflow }, { answers: supportAnswers, inbox: supportInbox, knowledge, timeZone: policy.timeZone }),
    learned: new LearnedCommand(supportAnswers, knowledge, policy.timeZone),
    memory: new ConversationMemory(store.conversations, logger),
    conversations: store.conversations,
    policy,
    logger,
  });

  // Its own client: a sign-in for the probe never disturbs the token a crawl is using.
  const panopto = config.panopto === undefined ? undefined : panoptoClient(config.panopto, logger);
  const readiness = new ReadinessProbe({
    ping: () => store.ping(),
    ...(panopto === undefined ? {} : { panoptoSignIn: () => panopto.signIn() }),
    onFailure: (part, reason) => logger.warn({ part, reason }, 'not ready'),
  });
  const server = createServer({
    adapter,
    bot,
    logger,
    loopbackOnly: config.mode === 'local',
    received: store.received,
    health: () => ({ status: 'ok', version: pkg.version, mode: config.mode }),
    readiness: () => readiness.check(),
  });

  return {
    config,
    workflow,
    server,
    reminders,
    adapter,
    tenantLimiter,
    store,
    policy,
    knowledge,
    version: pkg.version,
    async close() {
      await closeGracefully(server);
      await store.close();
    },
  };
}

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
import { openSqliteStore } from './storage/sqlite/sqliteStore';
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
import { TeamsOwnerMessenger } from './teams/ownerMessenger';
import { ExtensionService } from './requests/extensionService';
import { ExtensionWorkflow } from './requests/extensionWorkflow';
import { ExtensionDialog } from '../dialogs/extensionDialog';
import { ConversationState } from 'botbuilder';
import { OwnerActions } from './reminders/ownerActions';
import { createReminders, type Reminders } from './reminders/compose';

/** Composition: config → policy → knowledge → store → Teams edge → HTTP server. Nothing here listens. */

export interface App {
  config: Config;
  workflow: ExtensionWorkflow;
  server: restify.Server;
  reminders: Reminders;
  adapter: CloudAdapter;
  store: Store;
  policy: Policy;
  knowledge: KnowledgeBase;
  version: string;
  close(): Promise<void>;
}

export function buildApp(config: Config, logger: Logger): App {
  const policy = loadPolicy(config.policyFile);
  const knowledge = new KnowledgeBase(buildEntries(policy));
  const store = openSqliteStore(config.databaseFile);
  const adapter = createAdapter(config, logger);

  const supportChannel = new TeamsSupportChannel(adapter, botAppId(config), store.conversations, config.supportConversationId, logger);
  const answers = new AnswerService(knowledge, store.questions, new TeamsSupportInbox(supportChannel, logger), policy);
  const presenter = new Presenter(knowledge, policy, answers);
  const owners = new OwnerActions(store, policy);
  const reminderPresenter = new ReminderPresenter(store, policy, owners);
  const extensionService = new ExtensionService(store, policy, owners, config.supportUsers);
  const workflow = new ExtensionWorkflow(extensionService, store, policy, supportChannel, new TeamsOwnerMessenger(adapter, botAppId(config), store.conversations, logger), logger);
  const reminders = createReminders({ config, policy, store, adapter, logger, afterRun: async (now) => (await answers.deliverForwardsInFlight(now)) + (await workflow.daily(now)) });
  const extensionChat = new ExtensionChat(
    new ConversationState(store.botState),
    new ExtensionDialog(extensionService, workflow, policy),
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
    cardActions: new CardActions(answers, presenter, { owners, presenter: reminderPresenter, policy }, { service: extensionService, workflow }),
    memory: new ConversationMemory(store.conversations, logger),
    conversations: store.conversations,
    policy,
    logger,
  });

  const server = createServer({
    adapter,
    bot,
    logger,
    loopbackOnly: config.mode === 'local',
    received: store.received,
    health: async () => {
      const reachable = await store.ping();
      return { status: reachable ? 'ok' : 'degraded', version: pkg.version, mode: config.mode, store: reachable ? 'reachable' : 'unreachable' };
    },
  });

  return {
    config,
    workflow,
    server,
    reminders,
    adapter,
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

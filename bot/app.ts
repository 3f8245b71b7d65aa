import type restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import pkg from '../package.json';
import { AnswerService } from './answers/answerService';
import type { Config } from './config';
import { buildEntries } from './knowledge/entries';
import { KnowledgeBase } from './knowledge/knowledgeBase';
import type { Logger } from './logger';
import { loadPolicy, type Policy } from './rules/policy';
import { createServer } from './server';
import { openSqliteStore } from './storage/sqlite/sqliteStore';
import type { Store } from './storage/repositories';
import { botAppId, createAdapter } from './teams/adapter';
import { CardActions } from './teams/cardActions';
import { Presenter } from './teams/presenter';
import { ConversationMemory } from './teams/rememberConversation';
import { RulesBot } from './teams/rulesBot';
import { TeamsSupportInbox } from './teams/supportInbox';
import { ReminderPresenter } from './teams/reminderPresenter';
import { userMessage } from './teams/userMessages';
import { languageFromLocale } from './knowledge/language';
import { OwnerActions } from './reminders/ownerActions';
import { createReminders, type Reminders } from './reminders/compose';

/** Composition: config → policy → knowledge → store → Teams edge → HTTP server. Nothing here listens. */

export interface App {
  config: Config;
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

  const supportInbox = new TeamsSupportInbox(adapter, botAppId(config), store.conversations, config.supportConversationId, logger);
  const answers = new AnswerService(knowledge, store.questions, supportInbox, policy);
  const presenter = new Presenter(knowledge, policy, answers);
  const owners = new OwnerActions(store, policy);
  const reminderPresenter = new ReminderPresenter(store, policy, owners);
  const reminders = createReminders({ config, policy, store, adapter, logger });
  const extensionHelp = (locale: string | undefined) =>
    userMessage(languageFromLocale(locale) ?? 'en', 'ExtensionHowTo', { support: policy.support.name[languageFromLocale(locale) ?? 'en'], email: policy.support.email });
  const bot = new RulesBot({
    answers,
    presenter,
    reminders: reminderPresenter,
    cardActions: new CardActions(answers, presenter, { owners, presenter: reminderPresenter, policy, extensionHelp }),
    memory: new ConversationMemory(store.conversations, logger),
    conversations: store.conversations,
    policy,
    logger,
  });

  const server = createServer({
    adapter,
    bot,
    logger,
    health: async () => {
      const reachable = await store.ping();
      return { status: reachable ? 'ok' : 'degraded', version: pkg.version, mode: config.mode, store: reachable ? 'reachable' : 'unreachable' };
    },
  });

  return {
    config,
    server,
    reminders,
    adapter,
    store,
    policy,
    knowledge,
    version: pkg.version,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

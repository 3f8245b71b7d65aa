import { CardFactory, MessageFactory, type Activity } from 'botbuilder';

/**
 * A question with its answers as buttons. Each button is an Action.Submit whose data is {choice: text}: the bot
 * reads it as if the person had typed the text, so it works wherever cards do (imBack buttons, the SDK's default,
 * do nothing in the Agents Playground).
 */
export function choiceCard(question: string, choices: readonly string[]): Partial<Activity> {
  return MessageFactory.attachment(
    CardFactory.adaptiveCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: question, wrap: true }],
      actions: choices.map((choice) => ({ type: 'Action.Submit', title: choice, data: { choice } })),
    }),
  );
}

import type { Activity, CloudAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';

/**
 * Runs work in an existing conversation and fails if the work failed. The SDK hands an error thrown inside
 * continueConversationAsync to onTurnError and then returns normally, which would report a failed send as done.
 */
export async function inConversation<T>(
  adapter: CloudAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  work: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let failure: unknown;
  let result: T | undefined;
  let done = false;
  await adapter.continueConversationAsync(appId, reference, async (context) => {
    try {
      result = await work(context);
      done = true;
    } catch (error) {
      failure = error;
    }
  });
  if (!done) throw failure ?? new Error('the conversation could not be continued');
  return result as T;
}

export function sendProactively(adapter: CloudAdapter, appId: string, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
  return inConversation(adapter, appId, reference, (context) => context.sendActivity(activity));
}

import type { Activity, CloudAdapter, ConversationReference, ResourceResponse } from 'botbuilder';

/**
 * Sends one activity into an existing conversation and fails if it was not delivered. The SDK hands an error thrown
 * inside continueConversationAsync to onTurnError and then returns normally, which would report a failed send as done.
 */
export async function sendProactively(
  adapter: CloudAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  activity: Partial<Activity>,
): Promise<ResourceResponse | undefined> {
  let failure: unknown;
  let response: ResourceResponse | undefined;
  await adapter.continueConversationAsync(appId, reference, async (context) => {
    try {
      response = await context.sendActivity(activity);
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== undefined) throw failure;
  return response;
}

import { renderApprovalCard } from '../../cards/approval';
import type { SupportChannel } from '../requests/extensionWorkflow';
import type { TeamsSupportChannel } from './supportChannel';

/** The support channel as the extension workflow sees it: it hands over what a request shows, drawn as a card here. */
export function approvalChannel(channel: TeamsSupportChannel): SupportChannel {
  return {
    conversationId: channel.conversationId,
    isConfigured: () => channel.isConfigured(),
    post: (request) => channel.post(renderApprovalCard(request)),
    update: (activityId, request) => channel.update(activityId, renderApprovalCard(request)),
  };
}

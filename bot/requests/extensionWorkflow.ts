import { renderApprovalCard } from '../../cards/approval';
import type { AdaptiveCard } from '../../cards/render';
import type { Logger } from '../logger';
import { daysBetween, localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { ExtensionRequest } from '../storage/extensionRepository';
import type { Store } from '../storage/repositories';
import type { ExtensionService } from './extensionService';
import { approvalCardData, ownerText } from './requestViews';

/** Where requests are shown: the support team's channel (one card per request, edited in place) and the owner's chat. */
export interface SupportChannel {
  readonly conversationId: string | undefined;
  isConfigured(): boolean;
  post(card: AdaptiveCard): Promise<string | undefined>;
  update(activityId: string, card: AdaptiveCard): Promise<void>;
}

export interface OwnerMessenger {
  /** Tells an owner something in their 1:1 chat; false when the bot cannot reach them. */
  tell(ownerKey: string, text: (language: 'en' | 'fi') => string): Promise<boolean>;
}

export class ExtensionWorkflow {
  constructor(
    private readonly service: ExtensionService,
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly channel: SupportChannel,
    private readonly owners: OwnerMessenger,
    private readonly logger: Logger,
  ) {}

  async approvalCard(request: ExtensionRequest): Promise<AdaptiveCard> {
    const video = await this.store.videos.getVideo(request.videoId);
    const history = await this.store.extensions.byOwner(request.ownerKey);
    return renderApprovalCard(approvalCardData(request, video, history, this.policy, this.service.latestDate()));
  }

  /**
   * A new request goes to support; true when its card reached the support channel. If it did not, the request stays
   * pending, listed under "pending", and the next daily run posts it again.
   */
  async submitted(request: ExtensionRequest): Promise<boolean> {
    if (!this.channel.isConfigured()) {
      this.logger.warn({ requestId: request.id }, 'no support channel configured: the request waits under "pending"');
      return false;
    }
    try {
      await this.postToSupport(request);
      return true;
    } catch (error) {
      this.logger.error({ err: (error as Error).message, requestId: request.id }, 'could not post the request to support; it waits under "pending" and is posted again on the next daily run');
      return false;
    }
  }

  private async postToSupport(request: ExtensionRequest): Promise<void> {
    const activityId = await this.channel.post(await this.approvalCard(request));
    await this.store.extensions.setSupportCard(request.id, this.channel.conversationId ?? '', activityId);
  }

  /** The daily run's share: requests whose card never reached support are posted, stale ones shown once more. */
  async daily(now: Date): Promise<number> {
    return (await this.postUnposted()) + (await this.resurfaceStale(now));
  }

  /** Pending requests whose card could not be posted when they were made (support channel down or not yet set up). */
  async postUnposted(): Promise<number> {
    if (!this.channel.isConfigured()) return 0;
    let count = 0;
    for (const request of await this.store.extensions.open()) {
      if (request.state !== 'pending' || request.supportConversationId !== undefined) continue;
      try {
        await this.postToSupport(request);
        count++;
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, requestId: request.id }, 'could not post the request to support; trying again on the next run');
      }
    }
    return count;
  }

  /** After a decision or "applied": the card everyone sees is redrawn, and the owner is told of a decision. */
  async changed(request: ExtensionRequest, notifyOwner: boolean): Promise<AdaptiveCard> {
    const card = await this.approvalCard(request);
    if (request.supportActivityId !== undefined) {
      try {
        await this.channel.update(request.supportActivityId, card);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, requestId: request.id }, 'could not edit the support card in place');
      }
    }
    if (notifyOwner && (request.state === 'approved' || request.state === 'rejected')) {
      const title = (await this.store.videos.getVideo(request.videoId))?.title ?? request.videoId;
      const told = await this.owners.tell(request.ownerKey, (language) => ownerText(request.state === 'approved' ? 'approved' : 'rejected', language, request, title, this.policy));
      await this.store.extensions.addAudit(request.id, { at: new Date().toISOString(), actor: 'bot', action: told ? 'owner told' : 'owner not reachable', detail: undefined });
    }
    return card;
  }

  /** Pending requests waiting longer than the policy allows are shown to support once more (daily, with reminders). */
  async resurfaceStale(now: Date): Promise<number> {
    if (!this.channel.isConfigured()) return 0;
    const today = localDate(now, this.policy.timeZone);
    let count = 0;
    for (const request of await this.store.extensions.open()) {
      if (request.state !== 'pending' || request.resurfacedAt !== undefined) continue;
      if (daysBetween(localDate(request.createdAt, this.policy.timeZone), today) < this.policy.extensions.resurfaceAfterDays) continue;
      if (!(await this.store.extensions.markResurfaced(request.id, now.toISOString()))) continue;
      try {
        await this.channel.post(await this.approvalCard(request));
        count++;
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, requestId: request.id }, 'could not re-surface a stale request');
      }
    }
    return count;
  }
}

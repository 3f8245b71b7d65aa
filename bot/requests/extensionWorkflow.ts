import type { Logger } from '../logger';
import { daysBetween, localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { ExtensionRequest } from '../storage/extensionRepository';
import type { Store } from '../storage/repositories';
import type { ExtensionService } from './extensionService';
import { approvalView, ownerText, repostedView, type ApprovalView } from './requestViews';

/** Where requests are shown: the support team's channel (one card per request, edited in place) and the owner's chat. */
export interface SupportChannel {
  readonly conversationId: string | undefined;
  isConfigured(): boolean;
  post(request: ApprovalView): Promise<string | undefined>;
  update(activityId: string, request: ApprovalView): Promise<void>;
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

  /** The request as support sees it now. */
  async viewFor(request: ExtensionRequest): Promise<ApprovalView> {
    const video = await this.store.videos.getVideo(request.videoId);
    const history = await this.store.extensions.byOwner(request.ownerKey);
    const bounds = { earliest: this.service.earliestDate(request.trashDateAtRequest), latest: this.service.latestDate() };
    return approvalView(request, video, history, this.policy, bounds);
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
    return this.postNowOrNextRun(request);
  }

  private async postToSupport(request: ExtensionRequest): Promise<void> {
    const activityId = await this.channel.post(await this.viewFor(request));
    await this.store.extensions.setSupportCard(request.id, this.channel.conversationId ?? '', activityId);
  }

  /**
   * The daily run's share, for each pending request: a card that never reached support (channel down or not yet set
   * up) is posted now, and one waiting longer than the policy allows is shown to support once more. A late first post
   * of a request that has waited that long counts as its showing once more. Returns how many cards were posted.
   */
  async daily(now: Date): Promise<number> {
    if (!this.channel.isConfigured()) return 0;
    const today = localDate(now, this.policy.timeZone);
    let count = 0;
    for (const request of await this.store.extensions.open()) {
      if (request.state !== 'pending') continue;
      const stale = request.resurfacedAt === undefined && daysBetween(localDate(request.createdAt, this.policy.timeZone), today) >= this.policy.extensions.resurfaceAfterDays;
      if (request.supportConversationId === undefined) {
        if (!(await this.postNowOrNextRun(request))) continue;
        count++;
        if (stale) await this.store.extensions.markResurfaced(request.id, now.toISOString());
      } else if (stale && (await this.resurface(request, now))) {
        count++;
      }
    }
    return count;
  }

  private async postNowOrNextRun(request: ExtensionRequest): Promise<boolean> {
    try {
      await this.postToSupport(request);
      return true;
    } catch (error) {
      this.logger.error({ err: (error as Error).message, requestId: request.id }, 'could not post the request to support; it waits under "pending" and the next daily run posts it');
      return false;
    }
  }

  /** Claims the re-surfacing first, so that two runs at once show a request once more only once. */
  private async resurface(request: ExtensionRequest, now: Date): Promise<boolean> {
    if (!(await this.store.extensions.markResurfaced(request.id, now.toISOString()))) return false;
    let activityId: string | undefined;
    try {
      const view = await this.viewFor(request);
      activityId = await this.channel.post(view);
      // The decision edits the newest card; the older one loses its buttons, so no one decides on a card that
      // will not show the outcome.
      await this.store.extensions.setSupportCard(request.id, this.channel.conversationId ?? '', activityId);
      if (request.supportActivityId !== undefined && activityId !== undefined) {
        await this.channel.update(request.supportActivityId, repostedView(view, localDate(now, this.policy.timeZone)));
      }
      return true;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, requestId: request.id }, activityId === undefined ? 'could not re-surface a stale request' : 'could not retire the older card of a re-surfaced request');
      return activityId !== undefined;
    }
  }

  /** After a decision or "applied": the card everyone sees is redrawn, and the owner is told of a decision. */
  async changed(request: ExtensionRequest, notifyOwner: boolean): Promise<ApprovalView> {
    const view = await this.viewFor(request);
    if (request.supportActivityId !== undefined) {
      try {
        await this.channel.update(request.supportActivityId, view);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, requestId: request.id }, 'could not edit the support card in place');
      }
    }
    if (notifyOwner && (request.state === 'approved' || request.state === 'rejected')) {
      const title = (await this.store.videos.getVideo(request.videoId))?.title ?? request.videoId;
      const told = await this.owners.tell(request.ownerKey, (language) => ownerText(request.state === 'approved' ? 'approved' : 'rejected', language, request, title, this.policy));
      await this.store.extensions.addAudit(request.id, { at: new Date().toISOString(), actor: 'bot', action: told ? 'owner told' : 'owner not reachable', detail: undefined });
    }
    return view;
  }
}

import { DomainError } from '../errors';
import { localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { CachedVideo } from '../storage/reminderRepositories';
import type { Person, Store } from '../storage/repositories';
import { videoStatus } from '../rules/videoStatus';
import { snoozeUntil } from './digestView';
import type { NoticeKind } from './planner';

/** What an owner can do from a reminder: every action re-reads the video and checks that the actor owns it. */

const MIN_REASON = 10;
const MAX_REASON = 500;

export class OwnerActions {
  constructor(
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The person behind a Teams user id, and the addresses that may own videos. */
  async actor(userId: string): Promise<{ person: Person | undefined; keys: string[] }> {
    const person = await this.store.conversations.getPerson(userId);
    const keys = [person?.email, person?.userPrincipalName].filter((k): k is string => k !== undefined).map((k) => k.toLowerCase());
    return { person, keys };
  }

  async ownedVideo(userId: string, videoId: string): Promise<CachedVideo> {
    const video = await this.store.videos.getVideo(videoId);
    if (video === undefined) throw new DomainError('NotFound', `video ${videoId}`);
    const { keys } = await this.actor(userId);
    if (!keys.includes(video.ownerKey.toLowerCase())) throw new DomainError('NotOwner', `user ${userId} acting on video ${videoId}`);
    return video;
  }

  async confirmCaptions(userId: string, videoId: string): Promise<void> {
    await this.ownedVideo(userId, videoId);
    await this.store.declarations.confirmCaptions(videoId, userId, this.now().toISOString());
  }

  /** "I have checked them": the automatic captions were checked and corrected. */
  async checkAutomaticCaptions(userId: string, videoId: string): Promise<void> {
    await this.ownedVideo(userId, videoId);
    await this.store.declarations.checkAutomaticCaptions(videoId, userId, this.now().toISOString());
  }

  async markMediaAlternative(userId: string, videoId: string, reason: unknown): Promise<void> {
    await this.ownedVideo(userId, videoId);
    const text = typeof reason === 'string' ? reason.replace(/\s+/g, ' ').trim() : '';
    if (text.length < MIN_REASON || text.length > MAX_REASON || !/\p{L}{3,}/u.test(text)) {
      throw new DomainError('ReasonInvalid', `reason of ${text.length} characters`);
    }
    await this.store.declarations.setMediaAlternative(videoId, text, userId, this.now().toISOString());
  }

  async snooze(userId: string, videoId: string, kind: NoticeKind): Promise<void> {
    const video = await this.ownedVideo(userId, videoId);
    const today = localDate(this.now(), this.policy.timeZone);
    // The same length the card's button states: never past a deadline still ahead.
    const { captions, lifecycle } = videoStatus(video, await this.store.declarations.get(videoId), this.policy, today);
    const daysLeft = kind === 'caption' ? captions.daysLeft : kind === 'deletion' ? lifecycle.daysToTrash : lifecycle.daysToFinalDeletion;
    await this.store.declarations.snooze(videoId, kind, snoozeUntil(today, this.policy, daysLeft), userId, this.now().toISOString());
  }

  /** The owner's videos, for "my videos". */
  async videosOf(userId: string): Promise<CachedVideo[]> {
    const { keys } = await this.actor(userId);
    const lists = await Promise.all(keys.map((key) => this.store.videos.videosOwnedBy(key)));
    const byId = new Map(lists.flat().map((v) => [v.id, v]));
    return [...byId.values()];
  }

  /** A digest card may only be redrawn for its own owner. */
  async ownedDigest(userId: string, digestId: number) {
    const digest = await this.store.outbox.get(digestId);
    if (digest === undefined) throw new DomainError('NotFound', `digest ${digestId}`);
    const { keys } = await this.actor(userId);
    if (!keys.includes(digest.ownerKey.toLowerCase())) throw new DomainError('NotOwner', `user ${userId} redrawing digest ${digestId}`);
    return digest;
  }
}

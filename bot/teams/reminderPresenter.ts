import { renderDigestCard } from '../../cards/digest';
import type { AdaptiveCard } from '../../cards/render';
import { myVideosView } from '../reminders/digestView';
import type { OwnerActions } from '../reminders/ownerActions';
import type { Language, Policy } from '../rules/policy';
import type { Store } from '../storage/repositories';
import { currentDigestView, viewInputs } from '../reminders/viewInputs';

/** Draws an owner's reminder cards as they stand now: a digest after an action, or "my videos" on demand. */
export class ReminderPresenter {
  constructor(
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly owners: OwnerActions,
  ) {}

  /** `language`: the language the person asked in ("omat videot"), which wins over their Teams locale. */
  async myVideos(userId: string, locale: string | undefined, language?: Language): Promise<AdaptiveCard> {
    const videos = await this.owners.videosOf(userId);
    const [, context] = await viewInputs(this.store, videos.map((v) => v.id), this.policy, language ?? (await this.localeOf(userId, locale)));
    return renderDigestCard(myVideosView(videos, context));
  }

  async digest(userId: string, digestId: number, locale: string | undefined): Promise<AdaptiveCard> {
    const digest = await this.owners.ownedDigest(userId, digestId);
    return renderDigestCard(await currentDigestView(this.store, digest, this.policy, await this.localeOf(userId, locale)));
  }

  async redraw(userId: string, view: 'digest' | 'myVideos', digestId: number, locale: string | undefined): Promise<AdaptiveCard> {
    return view === 'digest' && digestId > 0 ? this.digest(userId, digestId, locale) : this.myVideos(userId, locale);
  }

  /** The language the owner uses in Teams; the clicking client's locale when unknown. */
  private async localeOf(userId: string, locale: string | undefined): Promise<string | undefined> {
    return (await this.store.conversations.getPerson(userId))?.locale ?? locale;
  }
}

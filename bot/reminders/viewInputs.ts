import { languageFromLocale } from '../knowledge/language';
import { localDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import type { OwnerDeclarations } from '../rules/videoStatus';
import type { CachedVideo, DigestRecord } from '../storage/reminderRepositories';
import type { Store } from '../storage/repositories';
import { digestView, type DigestView, type ViewContext } from './digestView';
import { realClock, type Clock } from './rateLimiter';

/** Reads what a digest or "my videos" shows (digestView.ts stays pure): the videos' facts and declarations as they stand now. */
export async function viewInputs(store: Store, videoIds: readonly string[], policy: Policy, locale: string | undefined, clock: Clock = realClock) {
  const videos = new Map<string, CachedVideo>();
  const declarations = new Map<string, OwnerDeclarations>();
  for (const id of videoIds) {
    const video = await store.videos.getVideo(id);
    if (video !== undefined) videos.set(id, video);
    declarations.set(id, await store.declarations.get(id));
  }
  const context: ViewContext = {
    policy,
    language: languageFromLocale(locale) ?? 'en',
    today: localDate(new Date(clock.now()), policy.timeZone),
    declarations,
    snoozes: await store.declarations.snoozes(),
    pendingRequests: await pendingRequests(store, videoIds),
  };
  return [videos, context] as const;
}

/** A digest as it stands now: a digest re-sent or redrawn days later shows what has changed since. */
export async function currentDigestView(store: Store, digest: DigestRecord, policy: Policy, locale: string | undefined, clock: Clock = realClock): Promise<DigestView> {
  const [videos, context] = await viewInputs(store, digest.notices.map((n) => n.videoId), policy, locale, clock);
  return digestView(digest.id, digest.notices, videos, context);
}

async function pendingRequests(store: Store, videoIds: readonly string[]): Promise<Map<string, number>> {
  const open = new Map<string, number>();
  for (const id of videoIds) {
    const request = await store.extensions.pendingFor(id);
    if (request !== undefined) open.set(id, request.id);
  }
  return open;
}

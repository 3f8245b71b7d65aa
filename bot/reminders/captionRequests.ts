import type { ScheduleOutcome } from '../panopto/accessibility';
import { localDate } from '../rules/dates';
import type { Language, Policy } from '../rules/policy';
import { videoStatus } from '../rules/videoStatus';
import type { Store } from '../storage/repositories';
import type { OwnerActions } from './ownerActions';
import { fillTemplate } from '../template';
import { markdownInline } from '../markdown';

/** "Request captions" from a reminder: the owner's video, once, from the provider the policy names. */

export interface CaptionScheduler {
  schedule(sessionId: string, providerName: string): Promise<ScheduleOutcome>;
}

/** requested: now, or before (a second click orders nothing); inProgress: another click is waiting for Panopto. */
export type CaptionRequestResult = { outcome: 'requested' } | { outcome: 'inProgress' } | { outcome: 'refused'; reason: string };

/** A claim older than this was left by a crash before Panopto answered: the owner may try again. */
const STALE_CLAIM_MS = 10 * 60_000;

export class CaptionRequests {
  constructor(
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly owners: OwnerActions,
    private readonly scheduler: CaptionScheduler | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async request(userId: string, videoId: string): Promise<CaptionRequestResult> {
    const provider = this.policy.captions.provider;
    if (provider === undefined || this.scheduler === undefined) return { outcome: 'refused', reason: 'NotOffered' };
    const video = await this.owners.ownedVideo(userId, videoId);
    const now = this.now();
    const { state } = videoStatus(video, await this.store.declarations.get(videoId), this.policy, localDate(now, this.policy.timeZone)).captions;
    if (state !== 'due' && state !== 'overdue' && state !== 'automatic') return { outcome: 'requested' };
    const claim = await this.store.declarations.claimCaptionRequest(videoId, userId, now.toISOString(), new Date(now.getTime() - STALE_CLAIM_MS).toISOString());
    if (claim === 'scheduled') return { outcome: 'requested' };
    if (claim === 'scheduling') return { outcome: 'inProgress' };
    let outcome: ScheduleOutcome;
    try {
      outcome = await this.scheduler.schedule(videoId, provider.name);
    } catch (error) {
      // Sent once and not retried: whether Panopto acted on it is unknown, and the next crawl's preview will say.
      await this.store.declarations.finishCaptionRequest(videoId, { scheduled: false, problem: error instanceof Error ? error.message : String(error) });
      return { outcome: 'refused', reason: 'Failed' };
    }
    await this.store.declarations.finishCaptionRequest(videoId, outcome.scheduled ? { scheduled: true } : { scheduled: false, problem: outcome.reason });
    return outcome.scheduled ? { outcome: 'requested' } : { outcome: 'refused', reason: outcome.reason };
  }
}

const IN_PROGRESS: Record<Language, string> = {
  en: 'Captions are already being requested for this video. The card shows the request once Panopto has answered.',
  fi: 'Tekstitystä tilataan jo tälle videolle. Kortti näyttää tilauksen, kun Panopto on vastannut.',
};

/** Said when another click's request is still waiting for Panopto. */
export const captionRequestInProgressText = (language: Language): string => IN_PROGRESS[language];

const REFUSALS: Record<Language, { prefix: string; reasons: Record<string, string>; other: string }> = {
  en: {
    prefix: 'Captions were not requested. ',
    reasons: {
      NotOffered: 'They cannot be requested through me.',
      Failed: 'Panopto did not answer. Please try again later.',
      AlreadyHasCaptions: 'Panopto says the video already has captions.',
      NoPrimaryStream: 'Panopto cannot caption this video: it has no audio or video stream.',
      NoActiveDelivery: 'Panopto cannot caption this video: it has no audio or video stream.',
      UnsupportedLanguage: "The caption provider does not support the video's language.",
      InsufficientPermissions: "The bot's Panopto account may not request captions for this video.",
      NotFound: 'Panopto does not find the video.',
      NoSuchProvider: 'Panopto does not offer the caption provider {provider}.',
    },
    other: 'Panopto did not accept the request ({code}).',
  },
  fi: {
    prefix: 'Tekstitystä ei tilattu. ',
    reasons: {
      NotOffered: 'Tekstitystä ei voi tilata minun kauttani.',
      Failed: 'Panopto ei vastannut. Yritä myöhemmin uudelleen.',
      AlreadyHasCaptions: 'Panopton mukaan videolla on jo tekstitys.',
      NoPrimaryStream: 'Panopto ei voi tekstittää tätä videota, koska siinä ei ole ääntä eikä kuvaa.',
      NoActiveDelivery: 'Panopto ei voi tekstittää tätä videota, koska siinä ei ole ääntä eikä kuvaa.',
      UnsupportedLanguage: 'Tekstityspalvelu ei tue videon kieltä.',
      InsufficientPermissions: 'Botin Panopto-tilillä ei ole oikeutta tilata tekstitystä tälle videolle.',
      NotFound: 'Panopto ei löydä videota.',
      NoSuchProvider: 'Panoptossa ei ole tekstityspalvelua {provider}.',
    },
    other: 'Panopto ei hyväksynyt tilausta ({code}).',
  },
};

/** A refused or failed request, said plainly in the owner's language. */
export function captionRefusalText(reason: string, language: Language, policy: Policy): string {
  const texts = REFUSALS[language];
  // Panopto's reason code is shown as text, never as Markdown.
  const text = fillTemplate(texts.reasons[reason] ?? texts.other, { provider: policy.captions.provider?.name ?? '', code: reason }, markdownInline);
  return texts.prefix + text;
}

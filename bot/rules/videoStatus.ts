import { addDuration, daysBetween, laterOf, localDate, type LocalDate } from './dates';
import type { Policy } from './policy';

/**
 * What the rules say about one video today: when its captions are due (or why they are not), when it goes to the
 * trash, and when it is deleted for good. Pure: the facts, the owner's declarations, the policy and today go in.
 */

export interface VideoFacts {
  id: string;
  title: string;
  /** Who owns it, as an e-mail/UPN when known (lower case), else the Panopto username. */
  ownerKey: string;
  ownerName: string | undefined;
  /** When it became available to viewers (ISO instant). */
  publishedAt: string;
  /** Panopto's caption signal; undefined when Panopto does not say. */
  hasCaptions: boolean | undefined;
  /** Broadcasting right now: a live stream needs no captions (its published recording does). */
  isLive: boolean;
  lastViewedAt: string | undefined;
  viewerUrl: string;
}

export interface OwnerDeclarations {
  /** The owner declared the video a media alternative (its content is already text): no captions needed. */
  mediaAlternative?: { reason: string; at: string };
  /** The owner said captions are published where Panopto's signal is missing. */
  captionsConfirmedAt?: string;
  /** An approved lifecycle extension: kept at least until this date. */
  keepUntil?: LocalDate;
}

export type CaptionState = 'captioned' | 'confirmed' | 'exempt' | 'live' | 'due' | 'overdue';

export interface VideoStatus {
  captions: { state: CaptionState; dueDate: LocalDate; daysLeft: number };
  lifecycle: {
    /** The day the video moves to the trash: last view (or publication) + lifecycle, or a later approved date. */
    trashDate: LocalDate;
    finalDeletionDate: LocalDate;
    daysToTrash: number;
    daysToFinalDeletion: number;
    inTrash: boolean;
    extendedUntil: LocalDate | undefined;
  };
}

export function captionDueDate(publishedAt: string, policy: Policy): LocalDate {
  return addDuration(localDate(publishedAt, policy.timeZone), policy.captionDeadline);
}

export function trashDate(facts: Pick<VideoFacts, 'publishedAt' | 'lastViewedAt'>, policy: Policy, keepUntil?: LocalDate): LocalDate {
  // Never viewed: the clock runs from publication. A view before publication (a preview) does not shorten it.
  const lastView = facts.lastViewedAt !== undefined && facts.lastViewedAt > facts.publishedAt ? facts.lastViewedAt : facts.publishedAt;
  const computed = addDuration(localDate(lastView, policy.timeZone), policy.lifecycle);
  return keepUntil === undefined ? computed : laterOf(computed, keepUntil);
}

export function videoStatus(facts: VideoFacts, declarations: OwnerDeclarations, policy: Policy, today: LocalDate): VideoStatus {
  const dueDate = captionDueDate(facts.publishedAt, policy);
  const daysLeft = daysBetween(today, dueDate);
  const state: CaptionState =
    facts.hasCaptions === true
      ? 'captioned'
      : declarations.mediaAlternative !== undefined
        ? 'exempt'
        : declarations.captionsConfirmedAt !== undefined
          ? 'confirmed'
          : facts.isLive
            ? 'live'
            : daysLeft < 0
              ? 'overdue'
              : 'due';

  const trash = trashDate(facts, policy, declarations.keepUntil);
  const finalDeletion = addDuration(trash, policy.trashPeriod);
  return {
    captions: { state, dueDate, daysLeft },
    lifecycle: {
      trashDate: trash,
      finalDeletionDate: finalDeletion,
      daysToTrash: daysBetween(today, trash),
      daysToFinalDeletion: daysBetween(today, finalDeletion),
      inTrash: daysBetween(today, trash) <= 0,
      extendedUntil: declarations.keepUntil,
    },
  };
}

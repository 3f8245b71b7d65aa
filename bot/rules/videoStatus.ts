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
  /** What Panopto's accessibility preview says, when it could be asked; it wins over `hasCaptions`. */
  captionEvidence?: CaptionEvidence | undefined;
  /** When the preview said it (ISO instant): a caption request made later is newer news. */
  captionEvidenceAt?: string | undefined;
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
  /** The owner checked and corrected the automatic captions. */
  automaticCaptionsCheckedAt?: string;
  /** Captions were requested from the caption provider through the bot. */
  captionsRequestedAt?: string;
  /** An approved lifecycle extension: kept at least until this date. */
  keepUntil?: LocalDate;
}

/**
 * Panopto's accessibility preview, per video: complete captions, automatic (speech-recognition) captions only,
 * captions requested or being edited, or none. Unknown (undefined) when the preview could not tell.
 */
export type CaptionEvidence = 'captioned' | 'automatic' | 'requested' | 'none';

/**
 * automatic: only speech-recognition captions, which the rules say must be checked and corrected; checked: the owner
 * did; requested: ordered from a provider, not delivered yet.
 */
export type CaptionState = 'captioned' | 'confirmed' | 'checked' | 'exempt' | 'live' | 'automatic' | 'requested' | 'due' | 'overdue';

export interface VideoStatus {
  captions: {
    state: CaptionState;
    dueDate: LocalDate;
    daysLeft: number;
    /** The deadline is not met yet, by the policy's idea of "captioned". */
    outstanding: boolean;
    /** Whether the owner is reminded: requested captions are left alone until the deadline has passed. */
    remind: boolean;
  };
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
  const state = captionState(facts, declarations, daysLeft);
  const accepted = policy.captions.countAsCaptioned as readonly string[];
  const outstanding = state === 'due' || state === 'overdue' || ((state === 'automatic' || state === 'requested') && !accepted.includes(state));

  const trash = trashDate(facts, policy, declarations.keepUntil);
  const finalDeletion = addDuration(trash, policy.trashPeriod);
  return {
    captions: { state, dueDate, daysLeft, outstanding, remind: outstanding && (state !== 'requested' || daysLeft < 0) },
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

function captionState(facts: VideoFacts, declarations: OwnerDeclarations, daysLeft: number): CaptionState {
  // The preview knows automatic from human captions; without it, a caption file is all there is to go on.
  const evidence = facts.captionEvidence ?? (facts.hasCaptions === true ? 'captioned' : undefined);
  if (evidence === 'captioned') return 'captioned';
  if (declarations.mediaAlternative !== undefined) return 'exempt';
  if (declarations.captionsConfirmedAt !== undefined) return 'confirmed';
  if (evidence === 'automatic' && declarations.automaticCaptionsCheckedAt !== undefined) return 'checked';
  if (facts.isLive) return 'live';
  // A request made through the bot stands until a later preview says otherwise (then it was cancelled or failed).
  const requestStands = declarations.captionsRequestedAt !== undefined && (facts.captionEvidenceAt === undefined || facts.captionEvidenceAt < declarations.captionsRequestedAt);
  if (evidence === 'requested' || requestStands) return 'requested';
  if (evidence === 'automatic') return 'automatic';
  return daysLeft < 0 ? 'overdue' : 'due';
}

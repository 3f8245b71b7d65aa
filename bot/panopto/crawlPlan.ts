import { daysBetween, type LocalDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import { captionDueDate, trashDate } from '../rules/videoStatus';

/**
 * Which sessions to read first when Panopto's limits cannot read them all in one run: the ones whose caption or trash
 * date is nearest, so a limit delays only videos that are not due soon. Pure: dates in, order out.
 */

export interface FetchCandidate {
  id: string;
  /** Cached publication, or the listing's StartTime for a session not read yet; undefined when neither is known. */
  publishedAt: string | undefined;
  /** Cached caption signal; undefined for a session not read yet (it may need captions). */
  hasCaptions: boolean | undefined;
  lastViewedAt: string | undefined;
}

/** The nearest date that decides a reminder for this video: its caption deadline (while still reminded of) or trash date. */
export function decisiveDate(candidate: FetchCandidate, policy: Policy, today: LocalDate): LocalDate | undefined {
  if (candidate.publishedAt === undefined) return undefined;
  const trash = trashDate({ publishedAt: candidate.publishedAt, lastViewedAt: candidate.lastViewedAt }, policy);
  if (candidate.hasCaptions === true) return trash;
  const captionsDue = captionDueDate(candidate.publishedAt, policy);
  // Long overdue captions are no longer reminded of: only the trash date still matters then.
  if (daysBetween(captionsDue, today) > policy.reminders.captionOverdueWithinDays) return trash;
  return captionsDue < trash ? captionsDue : trash;
}

/**
 * Candidates, most urgent first: the decisive date nearest to today, either way (a caption deadline missed three days
 * ago is still reminded of; a trash date guessed long past from a StartTime, views unknown, is not urgent), unknown
 * dates last, then by id.
 */
export function urgentFirst<T extends FetchCandidate>(candidates: readonly T[], policy: Policy, today: LocalDate): T[] {
  const keyed = candidates.map((candidate) => {
    const date = decisiveDate(candidate, policy, today);
    return { candidate, distance: date === undefined ? Number.POSITIVE_INFINITY : Math.abs(daysBetween(today, date)) };
  });
  keyed.sort((a, b) => a.distance - b.distance || (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0));
  return keyed.map((k) => k.candidate);
}

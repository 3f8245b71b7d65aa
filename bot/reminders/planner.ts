import { daysBetween, type LocalDate } from '../rules/dates';
import type { Policy } from '../rules/policy';
import { videoStatus, type OwnerDeclarations, type VideoFacts } from '../rules/videoStatus';

/**
 * Which reminders are due now. Pure: videos, the owner's declarations, snoozes, what was already sent, the policy and
 * today go in; the notices to send come out, one digest per owner, most urgent first.
 */

export type NoticeKind = 'caption' | 'deletion' | 'final';

export interface Notice {
  /** owner|video|kind|date|stage: the same notice is never planned twice, and a moved date starts afresh. */
  key: string;
  ownerKey: string;
  videoId: string;
  kind: NoticeKind;
  stage: string;
  /** The date the notice is about: captions due, trash, or final deletion. */
  date: LocalDate;
  daysLeft: number;
}

export interface PlanInput {
  videos: Iterable<VideoFacts>;
  declarations: ReadonlyMap<string, OwnerDeclarations>;
  /** videoId|kind → the day a snoozed reminder comes back ("remind me in 7 days": today + 7). */
  snoozes: ReadonlyMap<string, LocalDate>;
  /** Has a notice with this key been planned before? */
  alreadyPlanned: (key: string) => boolean;
  /** The day a notice with this key was planned, if it was: a snooze reminds only if nothing was said since it ended. */
  plannedOn?: (key: string) => LocalDate | undefined;
  policy: Policy;
  today: LocalDate;
}

export const snoozeKey = (videoId: string, kind: NoticeKind): string => `${videoId}|${kind}`;

const stageName = (daysBefore: number): string => `d${daysBefore}`;

/**
 * The stages of one deadline, earliest first ("d10", "d4", "d1", then "overdue"), and which one is current: only the
 * latest stage reached is sent, so a video found three days before its deadline gets one reminder, not three.
 */
function currentStage(daysLeft: number, daysBefore: readonly number[], overdueWithinDays: number | undefined): { stage: string; later: string[] } | undefined {
  const offsets = [...daysBefore].sort((a, b) => b - a);
  const stages = offsets.map(stageName);
  if (overdueWithinDays !== undefined) stages.push('overdue');
  if (daysLeft < 0) {
    if (overdueWithinDays === undefined || -daysLeft > overdueWithinDays) return undefined;
    return { stage: 'overdue', later: [] };
  }
  let reached: number | undefined;
  offsets.forEach((offset, index) => {
    if (daysLeft <= offset) reached = index;
  });
  if (reached === undefined) return undefined;
  return { stage: stages[reached] as string, later: stages.slice(reached + 1) };
}

function noticeFor(
  facts: VideoFacts,
  kind: NoticeKind,
  date: LocalDate,
  daysLeft: number,
  schedule: { daysBefore: readonly number[]; overdueWithinDays?: number },
  input: PlanInput,
): Notice | undefined {
  const snoozedUntil = input.snoozes.get(snoozeKey(facts.id, kind));
  if (snoozedUntil !== undefined && snoozedUntil > input.today) return undefined;
  const keyOf = (stage: string) => `${facts.ownerKey}|${facts.id}|${kind}|${date}|${stage}`;
  const notice = (stage: string): Notice => ({ key: keyOf(stage), ownerKey: facts.ownerKey, videoId: facts.id, kind, stage, date, daysLeft });
  const current = currentStage(daysLeft, schedule.daysBefore, schedule.overdueWithinDays);
  // A later stage already planned (e.g. after a snooze ran past it) means this one is stale.
  if (current !== undefined && ![current.stage, ...current.later].some((stage) => input.alreadyPlanned(keyOf(stage)))) return notice(current.stage);
  // "Remind me in 7 days" reminds when the snooze ends, even when no new stage begins then (or the last one,
  // overdue, has passed): the owner asked for it. Once: not if the owner has heard about this date since the snooze
  // ended. Only for a snooze about this date: one that ended within its reminder window, after a reminder of it.
  if (snoozedUntil === undefined || (kind !== 'caption' && daysLeft < 0)) return undefined;
  if (daysBetween(date, snoozedUntil) < -Math.max(...schedule.daysBefore)) return undefined;
  const afterSnooze = `snoozed-${snoozedUntil}`;
  const told = [...schedule.daysBefore.map(stageName), 'overdue', afterSnooze]
    .map((stage) => input.plannedOn?.(keyOf(stage)))
    .filter((day): day is LocalDate => day !== undefined)
    .sort();
  const lastTold = told[told.length - 1];
  if (lastTold === undefined || lastTold >= snoozedUntil) return undefined;
  return notice(afterSnooze);
}

export function planNotices(input: PlanInput): Notice[] {
  const { policy } = input;
  const r = policy.reminders;
  const notices: Notice[] = [];
  for (const facts of input.videos) {
    const status = videoStatus(facts, input.declarations.get(facts.id) ?? {}, policy, input.today);
    const { captions, lifecycle } = status;
    if (captions.remind) {
      const notice = noticeFor(facts, 'caption', captions.dueDate, captions.daysLeft, { daysBefore: r.captionDaysBefore, overdueWithinDays: r.captionOverdueWithinDays }, input);
      if (notice !== undefined) notices.push(notice);
    }
    const lifecycleNotice = lifecycle.inTrash
      ? noticeFor(facts, 'final', lifecycle.finalDeletionDate, lifecycle.daysToFinalDeletion, { daysBefore: r.finalDeletionDaysBefore }, input)
      : noticeFor(facts, 'deletion', lifecycle.trashDate, lifecycle.daysToTrash, { daysBefore: r.deletionDaysBefore }, input);
    if (lifecycleNotice !== undefined) notices.push(lifecycleNotice);
  }
  return notices;
}

export interface OwnerDigest {
  ownerKey: string;
  notices: Notice[];
}

/** One digest per owner, most urgent first (overdue before due, nearest date first). */
export function groupByOwner(notices: readonly Notice[]): OwnerDigest[] {
  const byOwner = new Map<string, Notice[]>();
  for (const notice of notices) {
    const list = byOwner.get(notice.ownerKey);
    if (list === undefined) byOwner.set(notice.ownerKey, [notice]);
    else list.push(notice);
  }
  return [...byOwner]
    .map(([ownerKey, list]) => ({ ownerKey, notices: list.sort((a, b) => a.daysLeft - b.daysLeft || a.videoId.localeCompare(b.videoId)) }))
    .sort((a, b) => a.ownerKey.localeCompare(b.ownerKey));
}

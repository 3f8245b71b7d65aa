import { markdownInline } from '../markdown';
import { formatDuration } from '../knowledge/phrases';
import { addDays, type LocalDate } from '../rules/dates';
import { supportNamePlaceholders, type Language, type Policy } from '../rules/policy';
import { videoStatus, type CaptionState, type OwnerDeclarations, type VideoFacts } from '../rules/videoStatus';
import { DIGEST_LABELS, fill, formatClock, formatDate, statusText } from './digestText';
import { snoozeKey, type Notice, type NoticeKind } from './planner';

/** Builds what a digest or "my videos" card shows, from the current facts: a redrawn card shows what changed. */

export interface ViewContext {
  policy: Policy;
  language: Language;
  today: LocalDate;
  declarations: ReadonlyMap<string, OwnerDeclarations>;
  snoozes: ReadonlyMap<string, LocalDate>;
  /** Open extension requests by video id: such a video is not offered another request. */
  pendingRequests?: ReadonlyMap<string, number>;
}

/** One video's line on a digest or "my videos" card: what to say and which actions to offer. */
export interface DigestItem {
  videoId: string;
  title: string;
  viewerUrl: string;
  kind: NoticeKind;
  statusText: string;
  /** What the owner already did about it ("Snoozed until 10 Dec"), or empty. */
  resolvedText: string;
  urgent: boolean;
  canConfirmCaptions: boolean;
  /** Automatic captions only: "I have checked them". */
  canCheckAutomatic: boolean;
  /** The policy names a caption provider and the video has no captions that count yet. */
  canRequestCaptions: boolean;
  canMarkExempt: boolean;
  canRequestExtension: boolean;
  canSnooze: boolean;
  /** "Remind me in 7 days", or fewer when the deadline is nearer. */
  snoozeText: string;
}

export interface DigestView {
  language: Language;
  /** Which card this is, so an action can redraw it: the reminder digest, or "my videos" on demand. */
  view: 'digest' | 'myVideos';
  digestId: number;
  heading: string;
  intro: string;
  items: DigestItem[];
  moreText: string;
  labels: Record<string, string>;
}

/** How far ahead "my videos" looks for a coming trash date. */
const MY_VIDEOS_HORIZON_DAYS = 60;

function labels(context: ViewContext): Record<string, string> {
  const { policy, language } = context;
  const values = {
    captionDeadline: formatDuration(policy.captionDeadline, language),
    'captionDeadline:gen': formatDuration(policy.captionDeadline, language, 'gen'),
    lifecycle: formatDuration(policy.lifecycle, language, 'acc'),
    snoozeDays: policy.reminders.snoozeDays,
    sendAt: formatClock(policy.reminders.sendAt, language),
    ...supportNamePlaceholders(policy, language),
    provider: policy.captions.provider?.name ?? '',
  };
  const filled: Record<string, string> = Object.fromEntries(Object.entries(DIGEST_LABELS[language]).map(([key, text]) => [key, fill(text, values)]));
  const paidBy = policy.captions.provider?.paidBy?.[language];
  if (paidBy !== undefined) filled['requestCaptionsExplain'] = `${filled['requestCaptionsExplain'] ?? ''} ${paidBy}`;
  return filled;
}

function item(video: VideoFacts, kind: NoticeKind, date: LocalDate, daysLeft: number, context: ViewContext, l: Record<string, string>, captionState?: CaptionState): DigestItem {
  const declared = context.declarations.get(video.id) ?? {};
  const snoozedUntil = context.snoozes.get(snoozeKey(video.id, kind));
  const snoozed = snoozedUntil !== undefined && snoozedUntil >= context.today;
  const resolved: string[] = [];
  if (kind === 'caption' && declared.captionsConfirmedAt !== undefined) {
    const key = video.hasCaptions === true ? 'resolvedConfirmed' : 'resolvedConfirmedMissing';
    resolved.push(fill(l[key] ?? '', { date: formatDate(declared.captionsConfirmedAt.slice(0, 10), context.language) }));
  }
  if (kind === 'caption' && captionState === 'checked' && declared.automaticCaptionsCheckedAt !== undefined) {
    resolved.push(fill(l['resolvedAutomaticChecked'] ?? '', { date: formatDate(declared.automaticCaptionsCheckedAt.slice(0, 10), context.language) }));
  }
  if (kind === 'caption' && captionState === 'requested' && declared.captionsRequestedAt !== undefined) {
    resolved.push(fill(l['resolvedCaptionsRequested'] ?? '', { date: formatDate(declared.captionsRequestedAt.slice(0, 10), context.language) }));
  }
  if (kind === 'caption' && declared.mediaAlternative !== undefined) {
    resolved.push(fill(l['resolvedExempt'] ?? '', { reason: markdownInline(declared.mediaAlternative.reason) }));
  }
  if (kind !== 'caption' && declared.keepUntil !== undefined) resolved.push(fill(l['resolvedExtended'] ?? '', { date: formatDate(declared.keepUntil, context.language) }));
  const requested = kind === 'caption' ? undefined : context.pendingRequests?.get(video.id);
  if (requested !== undefined) resolved.push(fill(l['resolvedRequested'] ?? '', { id: requested }));
  // Extended far enough that no reminder is due: shown for information, with nothing left to do.
  const settled = kind !== 'caption' && declared.keepUntil !== undefined && daysLeft > MY_VIDEOS_HORIZON_DAYS;
  if (snoozed) {
    const pastDeadline = daysLeft >= 0 && snoozedUntil > date;
    resolved.push(fill(l[pastDeadline ? 'resolvedSnoozedPastDeadline' : 'resolvedSnoozed'] ?? '', { date: formatDate(snoozedUntil, context.language), deadline: formatDate(date, context.language) }));
  }
  const handled = kind === 'caption' && (declared.captionsConfirmedAt !== undefined || declared.mediaAlternative !== undefined || captionState === 'checked');
  const captionsMissing = captionState === 'due' || captionState === 'overdue' || captionState === 'automatic';
  return {
    videoId: video.id,
    title: video.title,
    viewerUrl: video.viewerUrl,
    kind,
    statusText: statusText(kind, date, daysLeft, context.language, captionState),
    resolvedText: resolved.join(' '),
    urgent: daysLeft <= 7 && !handled,
    canConfirmCaptions: kind === 'caption' && !handled && captionState !== 'automatic',
    canCheckAutomatic: kind === 'caption' && !handled && captionState === 'automatic',
    canRequestCaptions: kind === 'caption' && !handled && captionsMissing && context.policy.captions.provider !== undefined,
    canMarkExempt: kind === 'caption' && !handled,
    canRequestExtension: kind !== 'caption' && requested === undefined && !settled,
    canSnooze: !handled && !snoozed && !settled,
    snoozeText: snoozeLabel(daysLeft, context),
  };
}

/** The card for a reminder digest: the videos its notices name, as they stand now. */
export function digestView(digestId: number, notices: readonly Notice[], videos: ReadonlyMap<string, VideoFacts>, context: ViewContext): DigestView {
  const l = labels(context);
  const items: DigestItem[] = [];
  for (const notice of notices) {
    const video = videos.get(notice.videoId);
    if (video === undefined) continue;
    const status = videoStatus(video, context.declarations.get(video.id) ?? {}, context.policy, context.today);
    const [date, daysLeft] =
      notice.kind === 'caption'
        ? [status.captions.dueDate, status.captions.daysLeft]
        : notice.kind === 'deletion'
          ? [status.lifecycle.trashDate, status.lifecycle.daysToTrash]
          : [status.lifecycle.finalDeletionDate, status.lifecycle.daysToFinalDeletion];
    items.push(item(video, notice.kind, date, daysLeft, context, l, status.captions.state));
  }
  return page('digest', digestId, l['digestHeading'] ?? '', l['digestIntro'] ?? '', items, context, l);
}

/** "my videos": every video of the owner that needs something now, most urgent first. */
export function myVideosView(videos: readonly VideoFacts[], context: ViewContext): DigestView {
  const l = labels(context);
  const entries: Array<{ daysLeft: number; item: DigestItem }> = [];
  for (const video of videos) {
    const status = videoStatus(video, context.declarations.get(video.id) ?? {}, context.policy, context.today);
    const { captions, lifecycle } = status;
    const captionWindow = context.policy.reminders.captionOverdueWithinDays;
    // Open, or settled by the owner's own word (shown so they see it was heard).
    const captionOpen = captions.outstanding || captions.state === 'confirmed' || captions.state === 'exempt' || captions.state === 'checked';
    if (captionOpen && captions.daysLeft >= -captionWindow) {
      entries.push({ daysLeft: captions.daysLeft, item: item(video, 'caption', captions.dueDate, captions.daysLeft, context, l, captions.state) });
    }
    if (lifecycle.inTrash) {
      entries.push({ daysLeft: lifecycle.daysToFinalDeletion, item: item(video, 'final', lifecycle.finalDeletionDate, lifecycle.daysToFinalDeletion, context, l) });
    } else if (lifecycle.daysToTrash <= MY_VIDEOS_HORIZON_DAYS || lifecycle.extendedUntil !== undefined) {
      entries.push({ daysLeft: lifecycle.daysToTrash, item: item(video, 'deletion', lifecycle.trashDate, lifecycle.daysToTrash, context, l) });
    }
  }
  entries.sort((a, b) => a.daysLeft - b.daysLeft);
  const intro = videos.length === 0 ? (l['myVideosUnknown'] ?? '') : entries.length === 0 ? (l['myVideosNone'] ?? '') : (l['myVideosIntro'] ?? '');
  return page('myVideos', 0, l['myVideosHeading'] ?? '', intro, entries.map((e) => e.item), context, l);
}

function page(view: DigestView['view'], digestId: number, heading: string, intro: string, items: DigestItem[], context: ViewContext, l: Record<string, string>): DigestView {
  const max = context.policy.reminders.digestMaxItems;
  return {
    language: context.language,
    view,
    digestId,
    heading,
    intro,
    items: items.slice(0, max),
    moreText: items.length > max ? fill((items.length - max === 1 ? l['moreOne'] : l['more']) ?? '', { count: items.length - max }) : '',
    labels: l,
  };
}

/**
 * How long "remind me" waits: the policy's days, but never past a deadline still ahead; then it reminds on the
 * deadline day itself. A deadline that is today cannot be snoozed before it passes, and the button says so.
 */
export const snoozeDaysFor = (daysLeft: number, policy: Policy): number => (daysLeft > 0 ? Math.min(policy.reminders.snoozeDays, daysLeft) : policy.reminders.snoozeDays);

export const snoozeUntil = (today: LocalDate, policy: Policy, daysLeft: number): LocalDate => addDays(today, snoozeDaysFor(daysLeft, policy));

function snoozeLabel(daysLeft: number, context: ViewContext): string {
  const days = snoozeDaysFor(daysLeft, context.policy);
  const texts = DIGEST_LABELS[context.language];
  const key = daysLeft === 0 ? 'snoozePastDeadline' : days === 1 ? 'snoozeTomorrow' : 'snooze';
  return fill(texts[key] ?? '', { snoozeDays: days });
}

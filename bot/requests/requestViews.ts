import { fillMarkdown, markdownInline } from '../markdown';
import { formatDate } from '../reminders/digestText';
import { daysBetween, localDate, type LocalDate } from '../rules/dates';
import { supportNamePlaceholders, type Language, type Policy } from '../rules/policy';
import type { ExtensionRequest } from '../storage/extensionRepository';
import type { CachedVideo } from '../storage/reminderRepositories';

/** How requests are shown: the support card (in English, the support team's working language), the owner's messages. */

/** A request as support staff see it; the owner's words as typed (the card shows them as text, never as Markdown). */
export interface ApprovalView {
  requestId: number;
  heading: string;
  stateText: string;
  stateColor: 'Default' | 'Good' | 'Attention' | 'Warning';
  videoTitle: string;
  viewerUrl: string;
  owner: string;
  lastViewed: string;
  trashDate: string;
  requestedUntil: string;
  requestedAt: string;
  justification: string;
  history: string[];
  pending: boolean;
  awaitingApply: boolean;
  applyText: string;
  minDate: string;
  maxDate: string;
}

/** "my requests" for owners and "pending" for support staff. */
export interface RequestListView {
  heading: string;
  emptyText: string;
  items: Array<{ title: string; detail: string }>;
}

const en = (date: LocalDate | undefined): string => (date === undefined ? '—' : formatDate(date, 'en'));
const day = (iso: string, policy: Policy): LocalDate => localDate(iso, policy.timeZone);

function stateLine(r: ExtensionRequest, policy: Policy): Pick<ApprovalView, 'stateText' | 'stateColor'> {
  switch (r.state) {
    case 'pending':
      return { stateText: 'Waiting for a decision', stateColor: 'Warning' };
    case 'approved':
      return {
        stateText: `Approved by ${markdownInline(r.decidedByName ?? '?')} on ${en(r.decidedAt === undefined ? undefined : day(r.decidedAt, policy))}: kept until ${en(r.approvedUntil)}` +
          (r.appliedAt === undefined ? '' : `. Applied in Panopto by ${markdownInline(r.appliedByName ?? '?')} on ${en(day(r.appliedAt, policy))}.`),
        stateColor: 'Good',
      };
    case 'rejected':
      return { stateText: `Rejected by ${markdownInline(r.decidedByName ?? '?')} on ${en(r.decidedAt === undefined ? undefined : day(r.decidedAt, policy))}: ${markdownInline(r.decisionReason ?? '')}`, stateColor: 'Attention' };
    default:
      return { stateText: r.state, stateColor: 'Default' };
  }
}

/** The dates an approval may set, as the service checks them: the card's date picker offers exactly these. */
export interface DateBounds {
  earliest: LocalDate;
  latest: LocalDate;
}

export function approvalView(r: ExtensionRequest, video: CachedVideo | undefined, history: readonly ExtensionRequest[], policy: Policy, bounds: DateBounds): ApprovalView {
  const awaitingApply = r.state === 'approved' && r.appliedAt === undefined;
  return {
    requestId: r.id,
    heading: `Lifecycle extension request #${r.id}`,
    ...stateLine(r, policy),
    videoTitle: video?.title ?? r.videoId,
    viewerUrl: video?.viewerUrl ?? policy.links.panopto,
    owner: `${r.requestedByName ?? r.requestedBy} (${r.ownerKey})`,
    lastViewed: video?.lastViewedAt === undefined ? 'never' : en(day(video.lastViewedAt, policy)),
    trashDate: en(r.trashDateAtRequest) + (r.trashDateAtRequest <= day(r.createdAt, policy) ? ' (already in the trash when asked)' : ''),
    requestedUntil: en(r.requestedUntil),
    requestedAt: en(day(r.createdAt, policy)),
    justification: r.justification,
    history: history.filter((h) => h.id !== r.id).slice(0, 5).map((h) => `#${h.id} ${h.state}${h.approvedUntil === undefined ? '' : ` until ${en(h.approvedUntil)}`} (${en(day(h.createdAt, policy))})`),
    pending: r.state === 'pending',
    awaitingApply,
    applyText: awaitingApply
      ? `To do in Panopto: keep "${markdownInline(video?.title ?? r.videoId)}" until ${en(r.approvedUntil)}: exclude it from automatic deletion (or restore it from the recycle bin if it is already there). Then press "Applied in Panopto".`
      : '',
    minDate: bounds.earliest,
    maxDate: bounds.latest,
  };
}

/** The older card of a request shown to support once more: it points to the newer one, which the decision edits. */
export function repostedView(data: ApprovalView, on: LocalDate): ApprovalView {
  return { ...data, stateText: `Shown again below on ${en(on)}: decide on the newer card.`, stateColor: 'Default', pending: false, awaitingApply: false, applyText: '' };
}

/** Support chose a date the rules do not allow (or no real date): said on the card, nothing decided. */
export function dateRejectedText(until: string, bounds: DateBounds): string {
  return `${markdownInline(until)} cannot be used: choose a date from ${en(bounds.earliest)} to ${en(bounds.latest)}. Nothing was decided.`;
}

export const OWNER_TEXT: Record<Language, { approved: string; rejected: string; sent: string; saved: string; pending: string }> = {
  en: {
    approved: 'Your extension request #{id} for "{title}" was approved by {by}: the video is kept until {until}.',
    rejected: 'Your extension request #{id} for "{title}" was not approved ({by}): {reason}',
    sent: 'Request #{id} sent to {support}: they will decide, and I will tell you here.',
    saved: 'Request #{id} is saved, but I could not reach the support team just now. They see it among pending requests, and I will post it to them again. I will tell you here when they decide.',
    pending: 'There is already an open request for "{title}": #{id}, made on {date}, asking to keep it until {until}.',
  },
  fi: {
    approved: '{by} hyväksyi pidennyspyyntösi #{id}: video "{title}" säilytetään {until} asti.',
    rejected: '{by} hylkäsi pidennyspyyntösi #{id} (video "{title}"). Perustelu: {reason}',
    sent: 'Pyyntö #{id} on lähetetty {support:all}. Kerron sinulle tässä keskustelussa, kun pyyntö on käsitelty.',
    saved: 'Pyyntö #{id} on tallennettu, mutta en saanut juuri nyt yhteyttä {support:ill}. Lähetän pyynnön sinne myöhemmin uudelleen. Sinun ei tarvitse tehdä mitään. Kerron sinulle tässä keskustelussa, kun pyyntö on käsitelty.',
    pending: 'Videon "{title}" säilytyksestä on jo käsittelemätön pyyntö #{id}, jonka teit {date}. Siinä pyydetään säilytystä {until} asti.',
  },
};

export function ownerText(kind: keyof (typeof OWNER_TEXT)['en'], language: Language, r: ExtensionRequest, title: string, policy: Policy): string {
  const values: Record<string, string> = {
    id: String(r.id),
    title,
    by: r.decidedByName ?? '',
    until: formatDate(r.approvedUntil ?? r.requestedUntil, language),
    reason: r.decisionReason ?? '',
    date: formatDate(day(r.createdAt, policy), language),
    ...supportNamePlaceholders(policy, language),
  };
  return fillMarkdown(OWNER_TEXT[language][kind], values);
}

/** One line per request: its state, and which date that state speaks of (asked for, or granted). */
export const REQUEST_LINE: Record<Language, Record<string, string>> = {
  en: { pending: 'pending · asks to keep it until {date}', approved: 'approved · kept until {date}', rejected: 'rejected · asked until {date}', cancelled: 'cancelled', expired: 'expired' },
  fi: { pending: 'odottaa päätöstä · pyydetty säilytys {date} asti', approved: 'hyväksytty · säilytetään {date} asti', rejected: 'hylätty · pyydetty säilytys {date} asti', cancelled: 'peruttu', expired: 'vanhentunut' },
};

export function myRequestsView(requests: readonly ExtensionRequest[], titles: ReadonlyMap<string, string>, language: Language): RequestListView {
  return {
    heading: language === 'fi' ? 'Pidennyspyyntösi' : 'Your extension requests',
    emptyText: language === 'fi' ? 'Sinulla ei ole pidennyspyyntöjä.' : 'You have no extension requests.',
    items: requests.map((r) => ({
      title: `#${r.id} ${titles.get(r.videoId) ?? r.videoId}`,
      detail:
        (REQUEST_LINE[language][r.state] ?? r.state).replace('{date}', formatDate(r.approvedUntil ?? r.requestedUntil, language)) +
        (r.decisionReason !== undefined ? ` · ${r.decisionReason}` : ''),
    })),
  };
}

export function pendingView(requests: readonly ExtensionRequest[], titles: ReadonlyMap<string, string>, policy: Policy, today: LocalDate): RequestListView {
  return {
    heading: 'Open extension requests (oldest first)',
    emptyText: 'Nothing is waiting: no pending requests and no approvals left to apply in Panopto.',
    items: requests.map((r) => ({
      title: `#${r.id} ${titles.get(r.videoId) ?? r.videoId} (${r.ownerKey})`,
      detail:
        r.state === 'pending'
          ? `waiting ${daysBetween(day(r.createdAt, policy), today)} day(s) · asks until ${en(r.requestedUntil)}`
          : `approved until ${en(r.approvedUntil)}, not yet applied in Panopto`,
    })),
  };
}

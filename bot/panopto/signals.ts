/**
 * How each fact the rules need is read from Panopto's answers. Several are not documented as such (see
 * shared/docs/panopto-api.md and README, "Panopto"): each sits in one small function, easy to change once a real
 * tenant shows what it returns.
 */

export interface SessionListing {
  Id: string;
  Name?: string;
  StartTime?: string | null;
  Duration?: number | null;
  Description?: string | null;
}

export interface SessionDetails extends SessionListing {
  CreatedBy?: { Id?: string; Username?: string | null } | null;
  Urls?: { ViewerUrl?: string | null; CaptionDownloadUrl?: string | null } | null;
  /** Not in the REST description; present when a tenant adds SOAP-derived fields. */
  IsBroadcast?: boolean;
  State?: string;
}

export interface Viewer {
  LastViewedDateTime?: string | null;
}

/**
 * An instant from Panopto. Its REST API answers in UTC; a time written without an offset ("2026-11-26T10:00:00", as
 * some tenants and report exports give) is UTC too, never the bot server's local time.
 */
export function parseInstant(text: string): Date | undefined {
  const trimmed = text.trim();
  const hasZone = /(Z|[+-]\d{2}:?\d{2}|\b(UTC|GMT))$/i.test(trimmed);
  const isoWithoutZone = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed);
  let at = new Date(isoWithoutZone ? `${trimmed.replace(' ', 'T')}Z` : trimmed);
  if (Number.isNaN(at.getTime())) return undefined;
  // Other shapes without a zone ("11/26/2026 10:00 AM") are read by Date as local time: take the same wall clock as UTC.
  if (!hasZone && !isoWithoutZone && !/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    at = new Date(Date.UTC(at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds(), at.getMilliseconds()));
  }
  return at;
}

/** Whether the listing changed since the details were fetched. */
export const listingFingerprint = (s: SessionListing): string => JSON.stringify([s.Name ?? '', s.StartTime ?? '', s.Duration ?? null, s.Description ?? '']);

/**
 * Owner: CreatedBy.Username. SSO users look like "Provider\\login"; the login becomes login@domain (as Panopto's own
 * Microsoft 365 connector maps usernames to UPNs). Unsure: whether CreatedBy follows a change of ownership.
 */
export function ownerOf(details: SessionDetails, emailDomain: string | undefined): string | undefined {
  const username = details.CreatedBy?.Username?.trim();
  if (username === undefined || username === '') return undefined;
  if (username.includes('@')) return username.toLowerCase();
  const login = username.includes('\\') ? username.slice(username.lastIndexOf('\\') + 1) : username;
  return emailDomain === undefined ? login.toLowerCase() : `${login}@${emailDomain}`.toLowerCase();
}

/** Publication: no call says when a session became available; StartTime is the documented stand-in. */
export function publishedAtOf(session: SessionListing): string | undefined {
  if (session.StartTime === undefined || session.StartTime === null) return undefined;
  return parseInstant(session.StartTime)?.toISOString();
}

/** Captions: a caption download URL means captions exist. Unsure: that its absence always means none. */
export function hasCaptionsOf(details: SessionDetails): boolean | undefined {
  if (details.Urls === undefined || details.Urls === null) return undefined;
  const url = details.Urls.CaptionDownloadUrl;
  return typeof url === 'string' && url !== '';
}

/** Live: only a session broadcasting right now is a live stream; its published recording needs captions. */
export function isLiveOf(details: SessionDetails): boolean {
  return details.IsBroadcast === true && details.State === 'Broadcasting';
}

export function viewerUrlOf(details: SessionDetails, baseUrl: string): string {
  return details.Urls?.ViewerUrl ?? `${baseUrl.replace(/\/+$/, '')}/Panopto/Pages/Viewer.aspx?id=${encodeURIComponent(details.Id)}`;
}

/** Last view: the latest LastViewedDateTime over the session's viewers; undefined when never viewed. */
export function lastViewedOf(viewers: Iterable<Viewer>): string | undefined {
  let latest: string | undefined;
  for (const viewer of viewers) {
    if (viewer.LastViewedDateTime === undefined || viewer.LastViewedDateTime === null) continue;
    const at = parseInstant(viewer.LastViewedDateTime);
    if (at === undefined) continue;
    const iso = at.toISOString();
    if (latest === undefined || iso > latest) latest = iso;
  }
  return latest;
}

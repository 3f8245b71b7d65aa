import type { CaptionEvidence } from '../rules/videoStatus';
import { PanoptoError, type PanoptoClient } from './client';

/**
 * Panopto's Accessibility API (admin-only): what captions each session has (POST accessibility/bulk/preview) and
 * requesting captions from a provider (POST accessibility/bulk/schedule). Shapes from Panopto's REST description.
 */

export interface SessionEvaluation {
  SessionId: string;
  EligibilityState?: string;
  ReasonCode?: string;
}

interface PreviewResponse {
  Providers?: Array<{ ProviderInstanceId: number; DisplayName?: string | null }> | null;
  SessionEvaluations?: SessionEvaluation[] | null;
}

interface ScheduleResponse {
  Results?: Array<{ SessionId: string; Scheduled: boolean; ReasonCode?: string }> | null;
  ScheduledCount?: number;
}

/** Panopto evaluates at most this many sessions per preview. */
export const PREVIEW_BATCH = 100;

/**
 * What one evaluation says of a session's captions. Undefined when it says nothing about them (the session was not
 * found, the account may not see it, it has no stream...): the caption file signal decides for that session.
 */
export function captionEvidenceOf(evaluation: SessionEvaluation): CaptionEvidence | undefined {
  switch (evaluation.ReasonCode) {
    case 'AlreadyHasCaptions':
      return 'captioned';
    case 'AlreadyHasAsrCaptions':
      return 'automatic';
    case 'PendingRequest':
    case 'PendingEdits':
      return 'requested';
    case 'None':
    case undefined:
      return evaluation.EligibilityState === 'Eligible' ? 'none' : undefined;
    default:
      return undefined;
  }
}

export interface CaptionPreview {
  /** Per session asked about: what the preview said (undefined: it could not tell). */
  evidence: Map<string, CaptionEvidence | undefined>;
  /** Why the preview could not be used (for some or all sessions), for the run summary; undefined when it worked. */
  unavailable?: string;
}

/**
 * The caption state of many sessions, in batches of 100. Never throws: a tenant that does not permit the preview
 * (401/403), does not have it (404) or fails answering leaves the rest of the sessions to the caption file signal.
 */
export async function previewCaptions(client: PanoptoClient, sessionIds: readonly string[]): Promise<CaptionPreview> {
  const evidence = new Map<string, CaptionEvidence | undefined>();
  for (let start = 0; start < sessionIds.length; start += PREVIEW_BATCH) {
    const batch = sessionIds.slice(start, start + PREVIEW_BATCH);
    try {
      const answer = await client.post<PreviewResponse>('accessibility/bulk/preview', { Type: 'Transcription', SessionIds: batch }, true);
      for (const evaluation of answer.SessionEvaluations ?? []) evidence.set(evaluation.SessionId, captionEvidenceOf(evaluation));
    } catch (error) {
      return { evidence, unavailable: unavailableReason(error) };
    }
  }
  return { evidence };
}

function unavailableReason(error: unknown): string {
  if (error instanceof PanoptoError && (error.status === 401 || error.status === 403)) {
    return `Panopto does not permit the accessibility preview for the bot's account (HTTP ${error.status}; it needs an administrator role)`;
  }
  if (error instanceof PanoptoError && error.status === 404) return 'this Panopto site has no accessibility preview (HTTP 404)';
  return `the accessibility preview failed (${error instanceof Error ? error.message : String(error)})`;
}

/** Panopto's answer to a caption request: made (or already under way), or refused with Panopto's reason code. */
export type ScheduleOutcome = { scheduled: true } | { scheduled: false; reason: string };

/**
 * Requests captions for one session from the named provider. The preview just before says whether the session may
 * be requested and gives the provider's instance id (captionproviders lists providers by GUID; schedule wants the
 * preview's integer id). Not retried once sent: a retry could order the captions twice.
 */
export async function scheduleCaptions(client: PanoptoClient, sessionId: string, providerName: string): Promise<ScheduleOutcome> {
  const preview = await client.post<PreviewResponse>('accessibility/bulk/preview', { Type: 'Transcription', SessionIds: [sessionId] }, true);
  const evaluation = (preview.SessionEvaluations ?? []).find((e) => e.SessionId.toLowerCase() === sessionId.toLowerCase());
  if (evaluation === undefined) return { scheduled: false, reason: 'NotFound' };
  const evidence = captionEvidenceOf(evaluation);
  if (evidence === 'requested') return { scheduled: true };
  if (evaluation.EligibilityState === 'Excluded') return { scheduled: false, reason: evaluation.ReasonCode ?? 'Excluded' };
  const wanted = providerName.trim().toLowerCase();
  const provider = (preview.Providers ?? []).find((p) => (p.DisplayName ?? '').trim().toLowerCase() === wanted);
  if (provider === undefined) return { scheduled: false, reason: 'NoSuchProvider' };
  const answer = await client.post<ScheduleResponse>(
    'accessibility/bulk/schedule',
    { Type: 'Transcription', ProviderInstanceId: provider.ProviderInstanceId, SessionIds: [sessionId] },
    false,
  );
  const result = (answer.Results ?? []).find((r) => r.SessionId.toLowerCase() === sessionId.toLowerCase());
  if (result?.Scheduled === true || (result === undefined && answer.ScheduledCount === 1)) return { scheduled: true };
  return { scheduled: false, reason: result?.ReasonCode ?? 'SchedulingFailed' };
}

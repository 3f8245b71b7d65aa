import type { CrawlProgress } from '../panopto/videoSource';
import type { Notice, NoticeKind, OwnerDigest } from '../reminders/planner';
import type { LocalDate } from '../rules/dates';
import type { OwnerDeclarations, VideoFacts } from '../rules/videoStatus';

/** What the reminders keep: Panopto facts per video, owners' declarations, and the ledger/outbox of notices. */

export interface CachedVideo extends VideoFacts {
  /** What the listing said last time: details are fetched again only when it changes. */
  fingerprint: string | undefined;
  detailsFetchedAt: string | undefined;
  viewersFetchedAt: string | undefined;
}

export interface VideoRepository {
  upsertVideos(videos: readonly CachedVideo[], seenAt: string): Promise<void>;
  getVideo(id: string): Promise<CachedVideo | undefined>;
  allVideos(): Promise<CachedVideo[]>;
  videosOwnedBy(ownerKey: string): Promise<CachedVideo[]>;
  /** Videos Panopto no longer has: they leave "my videos" (and come back if Panopto lists them again). */
  markGone(ids: readonly string[], at: string): Promise<void>;
}

export interface DeclarationRepository {
  all(): Promise<Map<string, OwnerDeclarations>>;
  get(videoId: string): Promise<OwnerDeclarations>;
  setMediaAlternative(videoId: string, reason: string, by: string, at: string): Promise<void>;
  confirmCaptions(videoId: string, by: string, at: string): Promise<void>;
  setKeepUntil(videoId: string, until: LocalDate): Promise<void>;
  checkAutomaticCaptions(videoId: string, by: string, at: string): Promise<void>;
  /**
   * Claims the one caption request of a video: 'claimed' when this caller may ask Panopto now; otherwise the request
   * that is already being made or was made. A claim left by a crash before `staleBefore` may be taken again.
   */
  claimCaptionRequest(videoId: string, by: string, at: string, staleBefore: string): Promise<'claimed' | 'scheduling' | 'scheduled'>;
  /** Records Panopto's answer to a claimed request; a refused or failed one frees the claim, with why. */
  finishCaptionRequest(videoId: string, outcome: { scheduled: true } | { scheduled: false; problem: string }): Promise<void>;
  snooze(videoId: string, kind: NoticeKind, until: LocalDate, by: string, at: string): Promise<void>;
  snoozes(): Promise<Map<string, LocalDate>>;
}

/**
 * failed: gave up for now on a transient error; superseded: its notices went back to the planner, which plans those
 * still relevant into the next digest (so they are neither lost nor sent as a second digest that day).
 */
export type DigestState = 'pending' | 'sending' | 'sent' | 'dead' | 'failed' | 'superseded' | 'unreachable';

export interface DigestRecord {
  id: number;
  runId: number;
  ownerKey: string;
  state: DigestState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | undefined;
  conversationId: string | undefined;
  activityId: string | undefined;
  notices: Notice[];
}

export interface RunSummary {
  planned: number;
  digests: number;
  sent: number;
  skipped: number;
  failed: number;
  unreachable: number;
  unreachableOwners: string[];
  /** Owners not reached this run for a reason that may pass (an outage of Teams or Graph), with it; tried again next run. */
  failedOwners?: string[];
  /** Digests whose send failed for a reason that may pass, waiting for a retry beyond this run's patience. */
  waitingForRetry?: number;
  /** Notices whose delivery failed earlier, planned again because they still matter. */
  redelivered?: number;
  /** Notices whose delivery failed earlier and that no longer matter (the date passed, the stage moved on). */
  expiredUndelivered?: number;
  /** Sessions Panopto would not let the bot read this time, with the reason; their last known facts were used. */
  unreadableSessions?: string[];
  /** Why automatic captions could not be told from human ones this run (the caption file signal was used). */
  captionPreviewUnavailable?: string;
  /** The run lost its lease to another run and stopped sending. */
  leaseLost?: boolean;
  /** How much of Panopto this run read, and what is left for the next run (a large tenant takes several). */
  crawl?: CrawlProgress;
}

export interface ReminderOutbox {
  /** Keys of every notice ever planned: the planner's memory of what was already said. */
  plannedKeys(): Promise<Set<string>>;
  /** When each notice was planned (its digest's creation), by key. */
  plannedAt(): Promise<Map<string, string>>;
  /**
   * Records a run's notices and their digests in one transaction, before anything is sent. A notice whose key is
   * already recorded is dropped, so planning twice never sends twice. Returns the digests created.
   */
  enqueue(runId: number, digests: readonly OwnerDigest[], at: string): Promise<number[]>;
  /** Digests due for a send attempt, oldest first. */
  due(now: string, limit: number): Promise<DigestRecord[]>;
  get(id: number): Promise<DigestRecord | undefined>;
  /** When the earliest pending digest may be tried, if any is pending. */
  nextAttemptAt(): Promise<string | undefined>;
  pendingCount(): Promise<number>;
  /** Claims a digest for sending; false if another sender has it. */
  claim(id: number, now: string, holder: string): Promise<boolean>;
  markSent(id: number, conversationId: string, activityId: string | undefined, at: string): Promise<void>;
  retryLater(id: number, error: string, nextAttemptAt: string): Promise<void>;
  markDead(id: number, reason: string): Promise<void>;
  /** Given up for now on a transient error: the next run plans its notices again while they still matter. */
  markFailed(id: number, reason: string): Promise<void>;
  markUnreachable(id: number, reason: string): Promise<void>;
  /**
   * After a crash: digests left mid-send by a sender that is gone (dead, or claimed before `claimedBefore`) go back
   * to the queue; those another live sender is sending are left alone.
   */
  recoverInterrupted(senderIsGone: (holder: string) => boolean, claimedBefore: string): Promise<number>;
  /** Takes the notices of every digest not sent (waiting, or given up for now) back from the ledger; returns them. */
  releaseUnsent(): Promise<Notice[]>;
  /** The notices releaseUnsent would take back, left in place (for a dry run). */
  unsentNotices(): Promise<Notice[]>;
  unreachableOwners(): Promise<Array<{ ownerKey: string; reason: string; since: string }>>;
  startRun(at: string, dryRun: boolean): Promise<number>;
  finishRun(id: number, at: string, summary: RunSummary): Promise<void>;
  lastRun(): Promise<{ id: number; startedAt: string; finishedAt: string | undefined; summary: RunSummary | undefined } | undefined>;
  /** When the latest run that finished (not a dry run) started. */
  lastFinishedRunStartedAt(): Promise<string | undefined>;
}

export interface LeaseRepository {
  /** Takes the named lease if it is free or expired; true when this holder has it. */
  acquire(name: string, holder: string, now: string, expiresAt: string): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
  holder(name: string): Promise<{ holder: string; expiresAt: string } | undefined>;
  /** Takes the lease from a holder known to be dead; false if someone else took it meanwhile. */
  takeOver(name: string, from: string, holder: string, expiresAt: string): Promise<boolean>;
}

import { DomainError } from '../errors';
import { botMetrics } from '../telemetry/metrics';
import type { OwnerActions } from '../reminders/ownerActions';
import { addDays, addDuration, isCalendarDate, laterOf, localDate, type LocalDate } from '../rules/dates';
import type { Duration, Policy } from '../rules/policy';
import { trashDate } from '../rules/videoStatus';
import type { ExtensionRequest } from '../storage/extensionRepository';
import type { CachedVideo } from '../storage/reminderRepositories';
import type { Store } from '../storage/repositories';
import { justificationProblem, normalizeJustification } from './justification';

/** The extension use case: owners ask (with a reason, within policy limits), support staff decide once, and apply it. */

export interface Decider {
  userId: string;
  name: string;
  /** The Teams roster says this person is in the support channel's team (checked by the Teams edge). */
  inSupportTeam: () => Promise<boolean>;
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ExtensionService {
  /** SUPPORT_USERS by kind: an object id is compared only with object ids, an e-mail only with the roster's e-mail/UPN. */
  private readonly supportObjectIds: ReadonlySet<string>;
  private readonly supportEmails: ReadonlySet<string>;

  constructor(
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly owners: OwnerActions,
    supportUsers: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {
    const entries = supportUsers.map((entry) => entry.trim().toLowerCase());
    this.supportObjectIds = new Set(entries.filter((entry) => OBJECT_ID.test(entry)));
    this.supportEmails = new Set(entries.filter((entry) => !OBJECT_ID.test(entry) && entry.includes('@')));
  }

  today(): LocalDate {
    return localDate(this.now(), this.policy.timeZone);
  }

  /** The owner's videos, those closest to the trash first, each with its open request if any: what the dialog offers. */
  async candidates(userId: string): Promise<Array<{ video: CachedVideo; trashDate: LocalDate; pending: ExtensionRequest | undefined }>> {
    const videos = await this.owners.videosOf(userId);
    const withDates = await Promise.all(
      videos.map(async (video) => ({
        video,
        trashDate: trashDate(video, this.policy, (await this.store.declarations.get(video.id)).keepUntil),
        pending: await this.store.extensions.pendingFor(video.id),
      })),
    );
    return withDates.sort((a, b) => a.trashDate.localeCompare(b.trashDate));
  }

  /** Checks the owner may ask for this video; returns it with its current trash date and any pending request. */
  async prepare(userId: string, videoId: string): Promise<{ video: CachedVideo; trashDate: LocalDate; pending: ExtensionRequest | undefined }> {
    const video = await this.owners.ownedVideo(userId, videoId);
    const keepUntil = (await this.store.declarations.get(videoId)).keepUntil;
    return { video, trashDate: trashDate(video, this.policy, keepUntil), pending: await this.store.extensions.pendingFor(videoId) };
  }

  async hasPendingRequest(videoId: string): Promise<boolean> {
    return (await this.store.extensions.pendingFor(videoId)) !== undefined;
  }

  /** The latest date anyone may ask for. */
  latestDate(): LocalDate {
    return addDuration(this.today(), { years: this.policy.extensions.maxYears });
  }

  /** The policy's lengths, as dates counted from the video's current trash date, capped by the policy's limit. */
  durationChoices(currentTrashDate: LocalDate): Array<{ duration: Duration; until: LocalDate }> {
    const from = currentTrashDate > this.today() ? currentTrashDate : this.today();
    return this.policy.extensions.choices
      .map((duration) => ({ duration, until: addDuration(from, duration) }))
      .filter((choice) => choice.until <= this.latestDate());
  }

  /**
   * The first date anyone may ask for: the day after the current trash date, or tomorrow for a video already in the
   * trash. The dialog, the approval card's date picker and the decision all use this one bound.
   */
  earliestDate(currentTrashDate: LocalDate): LocalDate {
    return addDays(laterOf(currentTrashDate, this.today()), 1);
  }

  /** A date the owner typed: after the current trash date, within the policy's limit. */
  checkDate(until: LocalDate, currentTrashDate: LocalDate): 'too-early' | 'too-late' | undefined {
    if (until < this.earliestDate(currentTrashDate)) return 'too-early';
    if (until > this.latestDate()) return 'too-late';
    return undefined;
  }

  async submit(userId: string, userName: string | undefined, videoId: string, justification: string, until: LocalDate): Promise<{ created: boolean; request: ExtensionRequest }> {
    const { video, trashDate: current } = await this.prepare(userId, videoId);
    if (justificationProblem(justification) !== undefined) throw new DomainError('ReasonInvalid', 'justification');
    if (this.checkDate(until, current) !== undefined) throw new DomainError('InvalidInput', `date ${until}`);
    const outcome = await this.store.extensions.create({
      videoId,
      ownerKey: video.ownerKey,
      requestedBy: userId,
      requestedByName: userName,
      justification: normalizeJustification(justification),
      requestedUntil: until,
      trashDateAtRequest: current,
      createdAt: this.now().toISOString(),
    });
    botMetrics.extensionRequest(outcome.created);
    return outcome;
  }

  async requestsOf(userId: string): Promise<ExtensionRequest[]> {
    const { keys } = await this.owners.actor(userId);
    const lists = await Promise.all(keys.map((key) => this.store.extensions.byOwner(key)));
    return [...new Map(lists.flat().map((r) => [r.id, r])).values()].sort((a, b) => b.id - a.id);
  }

  /** Support staff: configured people, or members of the support channel's team. Checked on every action. */
  async isSupport(decider: Decider): Promise<boolean> {
    // keys are the e-mail and UPN the Teams roster gave for this person; the object id is the one Teams sent with the
    // activity. Neither is compared with the other kind: an "object id" that reads like a support e-mail proves nothing.
    const { person, keys } = await this.owners.actor(decider.userId);
    const objectId = person?.aadObjectId?.toLowerCase();
    if (objectId !== undefined && this.supportObjectIds.has(objectId)) return true;
    if (keys.some((key) => this.supportEmails.has(key))) return true;
    return decider.inSupportTeam();
  }

  async decide(decider: Decider, requestId: number, decision: { kind: 'approve'; until?: string } | { kind: 'reject'; reason: string }): Promise<ExtensionRequest> {
    if (!(await this.isSupport(decider))) throw new DomainError('NotSupportStaff', `user ${decider.userId}`);
    const request = await this.store.extensions.get(requestId);
    if (request === undefined) throw new DomainError('NotFound', `request ${requestId}`);
    // A stale card (decided meanwhile) shows the decision, whatever this click carried.
    if (request.state !== 'pending') throw new AlreadyDecided(request);
    const at = this.now().toISOString();
    if (decision.kind === 'reject') {
      const reason = normalizeJustification(decision.reason);
      if (reason.length < 5 || reason.length > 1000) throw new DomainError('ReasonInvalid', 'rejection reason');
      return this.decided('rejected', await this.store.extensions.decide(requestId, { kind: 'reject', reason }, decider.userId, decider.name, at));
    }
    const until = decision.until === undefined || decision.until === '' ? request.requestedUntil : decision.until;
    if (!isCalendarDate(until) || this.checkDate(until, request.trashDateAtRequest) !== undefined) {
      throw new DateRejected(until, this.earliestDate(request.trashDateAtRequest), this.latestDate());
    }
    return this.decided('approved', await this.store.extensions.decide(requestId, { kind: 'approve', until }, decider.userId, decider.name, at));
  }

  async markApplied(decider: Decider, requestId: number): Promise<ExtensionRequest> {
    if (!(await this.isSupport(decider))) throw new DomainError('NotSupportStaff', `user ${decider.userId}`);
    const outcome = await this.store.extensions.markApplied(requestId, decider.userId, decider.name, this.now().toISOString());
    if (outcome.kind === 'not-found') throw new DomainError('NotFound', `request ${requestId}`);
    if (outcome.kind === 'decided') botMetrics.extensionDecision('applied');
    return outcome.request;
  }

  private decided(decision: 'approved' | 'rejected', outcome: Awaited<ReturnType<Store['extensions']['decide']>>): ExtensionRequest {
    if (outcome.kind === 'not-found') throw new DomainError('NotFound', 'request');
    if (outcome.kind === 'already') throw new AlreadyDecided(outcome.request);
    botMetrics.extensionDecision(decision);
    return outcome.request;
  }
}

/** A decision came second: the card says who decided first. */
export class AlreadyDecided extends DomainError {
  constructor(readonly request: ExtensionRequest) {
    super('AlreadyDone', `request ${request.id} already ${request.state}`);
  }
}

/** An approval's date is not a real date or outside the bounds: nothing is decided, and the card stays as it was. */
export class DateRejected extends DomainError {
  constructor(
    readonly until: string,
    readonly earliest: LocalDate,
    readonly latest: LocalDate,
  ) {
    super('InvalidInput', `date ${until.slice(0, 10)}`);
  }
}

import type { LocalDate } from '../rules/dates';

/** Extension requests: one pending per video, decided once, every step in an audit trail. */

export type ExtensionState = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'expired';

export interface ExtensionRequest {
  id: number;
  videoId: string;
  ownerKey: string;
  requestedBy: string;
  requestedByName: string | undefined;
  justification: string;
  requestedUntil: LocalDate;
  trashDateAtRequest: LocalDate;
  state: ExtensionState;
  decidedBy: string | undefined;
  decidedByName: string | undefined;
  decidedAt: string | undefined;
  decisionReason: string | undefined;
  approvedUntil: LocalDate | undefined;
  appliedAt: string | undefined;
  appliedByName: string | undefined;
  supportConversationId: string | undefined;
  supportActivityId: string | undefined;
  resurfacedAt: string | undefined;
  createdAt: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail: string | undefined;
}

export type NewExtensionRequest = Pick<ExtensionRequest, 'videoId' | 'ownerKey' | 'requestedBy' | 'requestedByName' | 'justification' | 'requestedUntil' | 'trashDateAtRequest' | 'createdAt'>;

export type Decision = { kind: 'approve'; until: LocalDate } | { kind: 'reject'; reason: string };

export type DecisionOutcome = { kind: 'decided'; request: ExtensionRequest } | { kind: 'already'; request: ExtensionRequest } | { kind: 'not-found' };

export interface ExtensionRepository {
  /** Stores a new pending request; returns the pending one instead when the video already has one. */
  create(request: NewExtensionRequest): Promise<{ created: boolean; request: ExtensionRequest }>;
  get(id: number): Promise<ExtensionRequest | undefined>;
  pendingFor(videoId: string): Promise<ExtensionRequest | undefined>;
  byOwner(ownerKey: string): Promise<ExtensionRequest[]>;
  /** Pending requests and approvals not yet applied in Panopto, oldest first. */
  open(): Promise<ExtensionRequest[]>;
  /**
   * Takes a decision if the request is still pending, atomically with its effect (an approval sets the video's
   * keep-until date): of two approvers at the same moment, exactly one decides.
   */
  decide(id: number, decision: Decision, by: string, byName: string, at: string): Promise<DecisionOutcome>;
  markApplied(id: number, by: string, byName: string, at: string): Promise<DecisionOutcome>;
  setSupportCard(id: number, conversationId: string, activityId: string | undefined): Promise<void>;
  markResurfaced(id: number, at: string): Promise<boolean>;
  audit(id: number): Promise<AuditEntry[]>;
  addAudit(id: number, entry: AuditEntry): Promise<void>;
}

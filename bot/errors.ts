/** The few things that go wrong for a person, named so one place can say each of them kindly in their language. */
export type DomainErrorCode =
  | 'NotFound'
  | 'NotAsker'
  | 'NotOwner'
  | 'NotSupportStaff'
  | 'ReasonInvalid'
  | 'AlreadyDone'
  | 'InvalidInput'
  | 'SupportNotConfigured'
  | 'SupportUnavailable'
  | 'UnknownAction'
  | 'AskerUnreachable'
  | 'ReplyInvalid'
  | 'TooManyForwards';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** For the log only; never shown to the person. */
    detail: string,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

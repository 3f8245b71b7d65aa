import { addDuration, type LocalDate } from '../bot/rules/dates';
import type { Policy } from '../bot/rules/policy';

/**
 * Whether a recording needs captions, from what its owner said about it, and the rules (knowledge entries) the
 * verdict rests on. Pure: the answers and the policy go in.
 */

export type Stream = 'liveOnly' | 'recordingOfLive' | 'recorded';
export type Spoken = 'fi' | 'en' | 'sv' | 'other';

export interface CaptionAnswers {
  stream: Stream;
  audioOnly?: boolean;
  course?: boolean;
  mediaAlternative?: boolean;
  spoken?: Spoken;
  /** When it was (or will be) published, in the policy's time zone; unknown when not given. */
  publishedOn?: LocalDate;
}

export type CaptionVerdict =
  | { needed: false; rules: string[] }
  | {
      needed: true;
      /** Course material may have a separate text alternative (a transcript) instead of captions. */
      textAlternativeAllowed: boolean;
      spoken: Spoken | undefined;
      dueDate: LocalDate | undefined;
      rules: string[];
    };

export function captionVerdict(answers: CaptionAnswers, policy: Policy): CaptionVerdict {
  if (answers.stream === 'liveOnly') return { needed: false, rules: ['streaming'] };
  if (answers.mediaAlternative === true) return { needed: false, rules: ['media_alternative'] };
  // The most specific rules first; the deadline and the language rule apply to every recording that needs captions.
  const specific = [answers.audioOnly === true && 'audio', answers.stream === 'recordingOfLive' && 'streaming', answers.course === true && 'caption_course'];
  return {
    needed: true,
    textAlternativeAllowed: answers.course === true,
    spoken: answers.spoken,
    dueDate: answers.publishedOn === undefined ? undefined : addDuration(answers.publishedOn, policy.captionDeadline),
    rules: [...specific.filter((rule): rule is string => rule !== false), 'caption_deadline', 'caption_language'],
  };
}

import assert from 'node:assert/strict';
import { captionEvidenceOf } from '../../bot/panopto/accessibility';

/** How each answer of Panopto's accessibility preview reads as a caption state (undefined: the caption file decides). */
describe("Reading Panopto's accessibility preview", () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['Eligible', 'None', 'none'],
    ['Excluded', 'AlreadyHasCaptions', 'captioned'],
    ['ConditionallyEligible', 'AlreadyHasAsrCaptions', 'automatic'],
    ['Excluded', 'AlreadyHasAsrCaptions', 'automatic'],
    ['Excluded', 'PendingRequest', 'requested'],
    ['Excluded', 'PendingEdits', 'requested'],
    ['Excluded', 'NotFound', undefined],
    ['Excluded', 'InsufficientPermissions', undefined],
    ['Excluded', 'NoPrimaryStream', undefined],
    ['Excluded', 'SchedulingFailed', undefined],
    ['Excluded', 'SomethingNewFromPanopto', undefined],
    ['ConditionallyEligible', 'None', undefined],
  ];
  for (const [EligibilityState, ReasonCode, expected] of cases) {
    it(`${EligibilityState} / ${ReasonCode} → ${expected ?? 'unknown'}`, () => assert.equal(captionEvidenceOf({ SessionId: 's', EligibilityState, ReasonCode }), expected));
  }
});

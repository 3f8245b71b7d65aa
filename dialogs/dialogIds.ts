import type { Language } from '../bot/rules/policy';
import { captionSays } from './captionCheckPhrases';

/**
 * What the rest of the bot needs to know of the chat dialogs: their ids, their start options, and the caption check's
 * word on cancelling. Kept apart from the dialogs themselves so that loading these does not load botbuilder-dialogs,
 * which costs half a second at start and is needed only once someone opens a dialog.
 */

export const EXTENSION_DIALOG = 'extensionRequest';
export const CAPTION_CHECK_DIALOG = 'captionCheck';

export interface ExtensionDialogOptions {
  language: Language;
  /** Preselected from a reminder card. */
  videoId?: string;
}

export interface CaptionCheckOptions {
  language: Language;
}

export function captionCheckCancelled(language: Language): string {
  return captionSays(language, 'cancelled');
}

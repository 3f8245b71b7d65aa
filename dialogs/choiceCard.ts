import { CardFactory, MessageFactory, type Activity } from 'botbuilder';

/**
 * A question with its answers as buttons. Each button is an Action.Submit whose data is {choice: text}: the bot
 * reads it as if the person had typed the text, so it works wherever cards do (imBack buttons, the SDK's default,
 * do nothing in the Agents Playground).
 *
 * With a stamp, each button also names its dialog and the very question it answers (`promptId`), and may carry the
 * id of what it stands for (`videoId`): an old card's button is then recognised as old instead of being read as an
 * answer to whatever is asked now, and a video is picked by its id, not by its place in a list that may have changed.
 */

export interface ButtonStamp {
  dialog: string;
  promptId: string;
}

export interface Choice {
  title: string;
  videoId?: string;
}

export interface DialogButton extends ButtonStamp {
  choice: string;
  videoId?: string;
}

export function choiceCard(question: string, choices: ReadonlyArray<string | Choice>, stamp?: ButtonStamp): Partial<Activity> {
  return MessageFactory.attachment(
    CardFactory.adaptiveCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: question, wrap: true }],
      actions: choices.map((c) => {
        const { title, videoId } = typeof c === 'string' ? { title: c, videoId: undefined } : c;
        return { type: 'Action.Submit', title, data: { choice: title, ...stamp, ...(videoId === undefined ? {} : { videoId }) } };
      }),
    }),
  );
}

/** The stamped button a message came from, if any (its data arrives as the activity's value). */
export function dialogButton(value: unknown): DialogButton | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { choice, dialog, promptId, videoId } = value as Record<string, unknown>;
  if (typeof choice !== 'string' || typeof dialog !== 'string' || typeof promptId !== 'string') return undefined;
  return { choice, dialog, promptId, ...(typeof videoId === 'string' && /^[0-9A-Za-z-]{1,64}$/.test(videoId) ? { videoId } : {}) };
}

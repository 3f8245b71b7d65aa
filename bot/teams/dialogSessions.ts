import { PrivateConversationState, type Storage, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Dialog, DialogSet, DialogState } from 'botbuilder-dialogs';

/**
 * The chat dialogs' state, kept per person in each conversation: in a channel or group chat one member's message never
 * lands in another member's dialog. A dialog left alone longer than `expiresAfterMs` is closed at the person's next
 * message, which is then handled as if no dialog were open (a question asked hours later is not taken as an answer).
 * One instance holds every chat dialog of the bot: two on the same storage keys would overwrite each other's state.
 */

export type SessionStatus = { kind: 'none' } | { kind: 'active' } | { kind: 'expired'; dialogId: string };

/** Long enough to write a justification, short enough that a question asked later is not taken for one. */
export const DIALOG_EXPIRES_AFTER_MS = 60 * 60_000;

export interface DialogSessionOptions {
  expiresAfterMs: number;
  now: () => Date;
}

interface StoredSession {
  dialogState?: DialogState;
  lastTurnAt?: string;
}

export class DialogSessions {
  private readonly state: PrivateConversationState;
  private dialogSet: DialogSet | undefined;
  private readonly lastTurnAt: StatePropertyAccessor<string>;

  constructor(
    private readonly storage: Storage,
    /** The dialogs, or how to make them: made at the first turn that needs them (botbuilder-dialogs loads slowly). */
    private readonly dialogs: readonly Dialog[] | (() => readonly Dialog[]),
    private readonly options: DialogSessionOptions = { expiresAfterMs: DIALOG_EXPIRES_AFTER_MS, now: () => new Date() },
  ) {
    this.state = new PrivateConversationState(storage);
    this.lastTurnAt = this.state.createProperty<string>('lastTurnAt');
  }

  private get set(): DialogSet {
    if (this.dialogSet === undefined) {
      const { DialogSet: DialogSetClass } = require('botbuilder-dialogs') as typeof import('botbuilder-dialogs');
      this.dialogSet = new DialogSetClass(this.state.createProperty<DialogState>('dialogState'));
      for (const dialog of typeof this.dialogs === 'function' ? this.dialogs() : this.dialogs) this.dialogSet.add(dialog);
    }
    return this.dialogSet;
  }

  async status(context: TurnContext): Promise<SessionStatus> {
    // Most turns are questions outside any dialog. Peeking at the stored record spares them loading, hashing and
    // re-saving state through a DialogContext, which costs more than answering the question.
    const key = this.state.getStorageKey(context);
    if (key === undefined) return { kind: 'none' };
    const stored = this.state.get(context) as StoredSession | undefined ?? ((await this.storage.read([key]))[key] as StoredSession | undefined);
    const stack = stored?.dialogState?.dialogStack ?? [];
    if (stack.length === 0) return { kind: 'none' };
    const last = Date.parse(stored?.lastTurnAt ?? '');
    if (!(this.options.now().getTime() - last < this.options.expiresAfterMs)) {
      await this.state.load(context);
      await this.state.clear(context);
      return { kind: 'expired', dialogId: stack[0]?.id ?? '' };
    }
    const dc = await this.set.createContext(context);
    return dc.activeDialog === undefined ? { kind: 'none' } : { kind: 'active' };
  }

  async begin(context: TurnContext, dialogId: string, options: object): Promise<void> {
    const dc = await this.set.createContext(context);
    await dc.cancelAllDialogs();
    await this.touch(context);
    await dc.beginDialog(dialogId, options);
  }

  async continue(context: TurnContext): Promise<void> {
    const dc = await this.set.createContext(context);
    await this.touch(context);
    await dc.continueDialog();
  }

  /** Closes whatever dialog this person has open and says which it was, so the reply can speak in that dialog's words. */
  async cancel(context: TurnContext): Promise<string | undefined> {
    const dc = await this.set.createContext(context);
    const open = dc.activeDialog?.id;
    await dc.cancelAllDialogs();
    return open;
  }

  /** Written at the end of every turn, so a restart resumes where the person was. */
  async save(context: TurnContext): Promise<void> {
    await this.state.saveChanges(context);
  }

  private async touch(context: TurnContext): Promise<void> {
    await this.lastTurnAt.set(context, this.options.now().toISOString());
  }
}

import type { AdaptiveCard } from '../../cards/render';

/** Who clicks a card button or types a command, and what a card action answers them. */

export interface Actor {
  userId: string;
  name: string;
  locale: string | undefined;
  /** Asks the Teams roster whether the actor is in the support channel's team. */
  inSupportTeam: () => Promise<boolean>;
}

/** A redrawn card replaces the one clicked; a message is shown without changing it; or a dialog starts in chat. */
export type ActionResult = { card: AdaptiveCard } | { message: string } | { startExtensionDialog: { videoId: string } };

/** Who decides, as the domain services need it: the actor without what only the Teams edge uses. */
export const decider = (actor: Actor) => ({ userId: actor.userId, name: actor.name, inSupportTeam: actor.inSupportTeam });

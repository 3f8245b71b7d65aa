import type { Actor } from './cardActions';

/** Who decides, as the domain services need it: the actor without what only the Teams edge uses. */
export const decider = (actor: Actor) => ({ userId: actor.userId, name: actor.name, inSupportTeam: actor.inSupportTeam });

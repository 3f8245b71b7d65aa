import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/render';
import type { AnswerService } from '../answers/answerService';
import { DomainError } from '../errors';
import type { Presenter } from './presenter';

/** Card buttons, by verb. Card data is never trusted: it is parsed here and the record it names is re-read. */

export interface Actor {
  userId: string;
}

type Handler = (data: unknown, actor: Actor) => Promise<AdaptiveCard>;

const questionId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

function parse<T>(schema: z.ZodType<T>, data: unknown, verb: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new DomainError('InvalidInput', `bad data for ${verb}: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

export class CardActions {
  private readonly handlers: Record<string, Handler>;

  constructor(answers: AnswerService, presenter: Presenter) {
    this.handlers = {
      feedback: async (data, actor) => {
        const input = parse(z.object({ questionId, helpful: flag }), data, 'feedback');
        return presenter.stored(await answers.rate(input.questionId, actor.userId, input.helpful));
      },
      forwardToSupport: async (data, actor) => {
        const input = parse(z.object({ questionId }), data, 'forwardToSupport');
        return presenter.stored(await answers.forwardToSupport(input.questionId, actor.userId));
      },
    };
  }

  has(verb: unknown): verb is string {
    return typeof verb === 'string' && Object.hasOwn(this.handlers, verb);
  }

  async handle(verb: string, data: unknown, actor: Actor): Promise<AdaptiveCard> {
    const handler = this.handlers[verb];
    if (handler === undefined) throw new DomainError('UnknownAction', `verb ${verb}`);
    return handler(data, actor);
  }
}

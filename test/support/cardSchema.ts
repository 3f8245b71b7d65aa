import * as AC from 'adaptivecards';
import { actionsOf } from './cards';

/**
 * Checks a card the way a Teams client's renderer would read it: the adaptivecards library parses it as schema 1.5
 * and reports unknown elements, invalid values and missing required properties. Template expressions left unbound
 * and Action.Execute without an Action.Submit fallback are reported too.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push(`unbound template expression: ${json.match(/.{0,40}\$\{[^}]*\}/)?.[0] ?? ''}`);
  // adaptivecards 2.11 checks "lang" with a /g regex whose lastIndex survives between cards, so a valid code can
  // fail on the next card; reset it so each card is judged on its own.
  const langCheck = (AC.CardElement.langProperty as unknown as { regEx?: RegExp }).regEx;
  if (langCheck !== undefined) langCheck.lastIndex = 0;
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  if ((card as { version?: string }).version !== '1.5') problems.push('version is not 1.5');
  for (const action of actionsOf(card)) {
    if (action.type !== 'Action.Execute') continue;
    if (action.fallback?.type !== 'Action.Submit') problems.push(`Action.Execute "${action.title}" has no Action.Submit fallback`);
    else if (action.fallback.data?.['verb'] !== action.verb) problems.push(`fallback of "${action.title}" does not carry verb ${action.verb}`);
  }
  return problems;
}

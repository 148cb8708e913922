import type { BlockAction } from '../../src/slack/payloads.js';
import { boundary, type RequestContext } from '../../src/slack/boundary.js';
import { blockActionSchema } from '../../src/slack/payloads.js';
import type { HandlerDeps } from '../deps.js';
import type { ActionArgs } from './types.js';

export interface CardButtonInput {
  args: ActionArgs;
  action: BlockAction;
  /** The customer code the button carries. */
  code: string;
}

/** A button on a customer card: acked at once, payload parsed, the customer code read. */
export function cardButton(
  name: string,
  deps: HandlerDeps,
  run: (input: CardButtonInput, req: RequestContext) => Promise<void>,
) {
  return boundary<ActionArgs>(`action:${name}`, deps.boundary, async (args, req) => {
    await args.ack();
    const action = blockActionSchema.parse(args.body);
    await run({ args, action, code: action.actions[0]!.value ?? '' }, req);
  });
}

import type { Ctx } from '../context.js';
import { groupBy } from '../group.js';
import type { CustomerSignal } from '../customer/types.js';
import { chunks } from '../ui/blocks.js';
import { signalsMessage } from '../ui/signals.js';
import { PacedPoster, type SlackOut } from './slack.js';

/** Lines in one owner's DM; more go in further DMs. */
const LIST_MAX = 20;

/** The day's customer signals: one DM per owner with all of theirs, paced. */
export class SignalNotifier {
  constructor(private readonly out: SlackOut) {}

  /** Returns how many DMs Slack took. */
  async tell(ctx: Ctx, signals: CustomerSignal[]): Promise<number> {
    const byOwner = groupBy(signals, (s) => s.owner);
    const poster = new PacedPoster(this.out, ctx.log);
    for (const [owner, items] of byOwner) {
      for (const batch of chunks(items, LIST_MAX))
        await poster.post(owner, signalsMessage(ctx.t, batch, items.length), 'customer signals DM');
    }
    return poster.sent;
  }
}

import type { Ctx } from '../context.js';
import type { CustomerSignal } from '../customer/types.js';
import type { OutboxService } from '../outbox/service.js';
import type { OutboxData } from './types.js';

/**
 * A customer signal, written to the outbox under the key it was recorded with: an owner's
 * signals waiting together go out as one DM (twenty lines a DM, as many as it takes).
 */
export class SignalNotifier {
  constructor(private readonly outbox: OutboxService) {}

  /** `notBefore`: not due before then (a tier move told on the first working day after the review). */
  async tell(ctx: Ctx, signal: CustomerSignal, key: string, notBefore?: Date): Promise<string[]> {
    return this.outbox.enqueue(ctx, [
      {
        key: `signal:${key}`,
        kind: 'signal',
        to: signal.owner,
        group: `signals:${signal.owner}`,
        data: { signal } satisfies OutboxData['signal'],
        quiet: true,
        ...(notBefore && notBefore > ctx.now ? { notBefore } : {}),
      },
    ]);
  }
}

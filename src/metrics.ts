import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * What the desk exposes on `GET /metrics` (Prometheus text format), one registry per app: the
 * outbox (entries waiting and given up, read from the database at each scrape, across
 * workspaces; deliveries by outcome) and the process's default metrics. The first of the
 * operations figures; more come with the operations issue.
 */
export interface Metrics {
  registry: Registry;
  /** Counts one delivery attempt of the outbox by its outcome. */
  delivery(outcome: string, entries: number): void;
}

export function createMetrics(outboxTotals: () => Promise<{ pending: number; dead: number }>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'care_desk_outbox_entries',
    help: 'Slack messages in the outbox not yet delivered: waiting (pending) or given up (dead)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const totals = await outboxTotals();
      this.set({ state: 'pending' }, totals.pending);
      this.set({ state: 'dead' }, totals.dead);
    },
  });
  const deliveries = new Counter({
    name: 'care_desk_outbox_deliveries_total',
    help: 'Outbox entries by the outcome of their delivery attempt (sent, failed, dead, deferred, rateLimited)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    delivery(outcome: string, entries: number) {
      deliveries.inc({ outcome }, entries);
    },
  } satisfies Metrics;
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SingleFlight } from './single-flight.js';

/**
 * What the desk exposes on `GET /metrics` (Prometheus text format), one registry per app (the
 * process's default metrics shared by the apps of one process):
 * requests and their ack latency per listener kind, listener errors by code, Slack Web API
 * calls, errors and rate-limit waits by method, job runs and durations, the outbox (entries
 * waiting and given up, deliveries by outcome), tickets owing their notices, database command
 * latency, and the process's default metrics. The README's "Operations" lists them.
 */
export interface Metrics {
  registry: Registry;
  /** Counts one delivery attempt of the outbox by its outcome. */
  delivery(outcome: string, entries: number): void;
  /** One request a listener handled: its kind, outcome (`ok` or an error code), ack latency. */
  request(listener: string, outcome: string, ackSeconds: number | undefined): void;
  /** One Web API call: its method, outcome (`ok`, Slack's error code, `rate_limited`), time. */
  slackCall(method: string, outcome: string, seconds: number): void;
  /** Slack asked to wait (HTTP 429) before calling `method` again. */
  rateLimited(method: string, retryAfterSeconds: number): void;
  /** One job run (`ok` or `failed`) and how long it took. */
  job(name: string, outcome: 'ok' | 'failed', seconds: number): void;
  /** One database command and how long it took. */
  dbCommand(command: string, seconds: number, ok: boolean): void;
}

/** What the gauges read from the database at each scrape, across workspaces. */
export interface MetricSources {
  /** The messages waiting and given up; the edits of old posts apart (OutboxTotals). */
  outboxTotals(): Promise<{
    pending: number;
    dead: number;
    edits: { erasure: number; retention: number };
    editsDead: number;
  }>;
  /** Tickets changed whose card and DMs are not yet in the outbox (a crash between). */
  ticketsOwingNotices(): Promise<number>;
}

/**
 * The edits of the desk's old posts waiting in the outbox (retention's, an erasure's), apart from
 * the messages waiting (`care_desk_outbox_entries`): a first retention run writes tens of
 * thousands, routine, which an alert on the messages waiting should not count.
 */
function outboxEditsGauge(
  outboxTotals: MetricSources['outboxTotals'],
  registers: Registry[],
): void {
  new Gauge({
    name: 'care_desk_outbox_edits_pending',
    help: 'Edits of the desk’s old posts waiting in the outbox (not counted among the messages waiting), by what owes them',
    labelNames: ['cause'],
    registers,
    async collect() {
      const { edits } = await outboxTotals();
      this.set({ cause: 'erasure' }, edits.erasure);
      this.set({ cause: 'retention' }, edits.retention);
    },
  });
  // Given up (Slack refusing their channel: thousands at once after a retention run), apart from
  // the messages given up (`care_desk_outbox_entries{state="dead"}`), whose alert they would drown.
  new Gauge({
    name: 'care_desk_outbox_edits_dead',
    help: 'Edits of the desk’s old posts given up (Slack refused their channel; not counted among the messages given up)',
    registers,
    async collect() {
      this.set((await outboxTotals()).editsDead);
    },
  });
}

/** The kind of listener a boundary name stands for: `action:ticket_claim` -> `action`. */
export function listenerKind(listener: string): string {
  return listener.split(':')[0] ?? listener;
}

/** Slack's methods are a known, small set; anything else (a bad URL) is counted as `other`. */
function methodLabel(method: string): string {
  return /^[a-z]+(\.[a-zA-Z]+){1,3}$/.test(method) ? method : 'other';
}

/** An error code as a label: Slack's codes are snake case; anything else is `error`. */
function outcomeLabel(outcome: string): string {
  return /^[a-z_A-Z]{1,40}$/.test(outcome) ? outcome : 'error';
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/**
 * The process's default metrics (CPU, memory, event loop lag, GC), collected once per process:
 * each collection starts a GC observer and an event-loop monitor that are never stopped, and
 * holds its registry, so one per app would keep every app a process built (tests build many).
 */
let processMetrics: Registry | undefined;

function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export function createMetrics(sources: MetricSources): Metrics {
  const own = new Registry();
  const registers = [own];
  // One read of the outbox's totals per scrape, shared by the two gauges drawn from it.
  const flight = new SingleFlight();
  const outboxTotals = () => flight.run('outbox', () => sources.outboxTotals());
  new Gauge({
    name: 'care_desk_outbox_entries',
    help: 'Slack messages in the outbox not yet delivered: waiting (pending) or given up (dead); edits of old posts are counted apart',
    labelNames: ['state'],
    registers,
    async collect() {
      const totals = await outboxTotals();
      this.set({ state: 'pending' }, totals.pending);
      this.set({ state: 'dead' }, totals.dead);
    },
  });
  outboxEditsGauge(outboxTotals, registers);
  new Gauge({
    name: 'care_desk_tickets_owing_notices',
    help: 'Tickets changed whose card and DMs are not yet in the outbox (repaired by the outbox job)',
    registers,
    async collect() {
      this.set(await sources.ticketsOwingNotices());
    },
  });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    buckets: number[],
  ) => new Histogram<L>({ name, help, labelNames, buckets, registers });
  const deliveries = counter(
    'care_desk_outbox_deliveries_total',
    'Outbox entries by the outcome of their delivery attempt (sent, found, failed, dead, deferred, rateLimited, dropped)',
    ['outcome'],
  );
  const requests = counter(
    'care_desk_requests_total',
    'Slack requests handled, by listener kind (command, action, view, options, event, shortcut) and outcome (ok or an error code)',
    ['kind', 'outcome'],
  );
  const listenerErrors = counter(
    'care_desk_listener_errors_total',
    'Requests a listener refused or failed, by listener and error code',
    ['listener', 'code'],
  );
  const ack = histogram(
    'care_desk_ack_seconds',
    'Time from a request reaching its listener to its ack, by listener kind (Slack waits 3 s)',
    ['kind'],
    LATENCY_BUCKETS,
  );
  const slackCalls = counter(
    'care_desk_slack_calls_total',
    'Slack Web API calls by method and outcome (ok, an error code, rate_limited)',
    ['method', 'outcome'],
  );
  const slackSeconds = histogram(
    'care_desk_slack_call_seconds',
    'Slack Web API call duration by method',
    ['method'],
    LATENCY_BUCKETS,
  );
  const rateLimits = counter(
    'care_desk_slack_rate_limited_total',
    'HTTP 429 answers from Slack by method',
    ['method'],
  );
  const rateLimitWait = counter(
    'care_desk_slack_rate_limit_wait_seconds_total',
    'Seconds Slack asked to wait (Retry-After) by method',
    ['method'],
  );
  const jobRuns = counter(
    'care_desk_job_runs_total',
    'Scheduled job runs by job and outcome (ok, failed)',
    ['job', 'outcome'],
  );
  const jobSeconds = histogram(
    'care_desk_job_seconds',
    'Scheduled job run duration by job',
    ['job'],
    [0.05, 0.25, 1, 5, 15, 60, 300, 900],
  );
  const dbSeconds = histogram(
    'care_desk_db_command_seconds',
    'Database command duration by command name and outcome',
    ['command', 'outcome'],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
  );
  return {
    // The app's metrics and the process's, served together.
    registry: Registry.merge([processRegistry(), own]),
    delivery(outcome, entries) {
      deliveries.inc({ outcome }, entries);
    },
    request(listener, outcome, ackSeconds) {
      const kind = listenerKind(listener);
      requests.inc({ kind, outcome: outcomeLabel(outcome) });
      if (outcome !== 'ok') listenerErrors.inc({ listener, code: outcomeLabel(outcome) });
      if (ackSeconds !== undefined) ack.observe({ kind }, ackSeconds);
    },
    slackCall(method, outcome, seconds) {
      const label = methodLabel(method);
      slackCalls.inc({ method: label, outcome: outcomeLabel(outcome) });
      slackSeconds.observe({ method: label }, seconds);
    },
    rateLimited(method, retryAfterSeconds) {
      const label = methodLabel(method);
      rateLimits.inc({ method: label });
      rateLimitWait.inc({ method: label }, Math.max(0, retryAfterSeconds));
    },
    job(name, outcome, seconds) {
      jobRuns.inc({ job: name, outcome });
      jobSeconds.observe({ job: name }, seconds);
    },
    dbCommand(command, seconds, ok) {
      dbSeconds.observe({ command, outcome: ok ? 'ok' : 'failed' }, seconds);
    },
  };
}

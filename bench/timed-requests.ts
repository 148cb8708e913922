// The clock of bench/interactions.ts's table 2: each request is sent and timed in a worker thread
// of the bench's process, whose event loop does nothing else. On the main thread the fake Slack
// answers the Web API calls the desk makes after its acks (cards, DMs, Homes, views.update), and
// the requests' answers are checked against Block Kit; timed there, a response that had arrived
// waited for that work before its time was taken, which the bare app (no Web API calls, empty
// acks) never paid. Slack, which times the ack in production, is remote.
import { Worker } from 'node:worker_threads';
import type { FakeSlack } from '../test/helpers/fake-slack.js';
import {
  SlackRequests,
  slackSignature,
  type SignOptions,
  type SlackResponse,
} from '../test/helpers/slack-requests.js';

interface Outgoing {
  id: number;
  url: string;
  headers: Record<string, string>;
  body: string;
}
interface Answered {
  id: number;
  status: number;
  text: string;
  ms: number;
}

// Plain JavaScript: the worker needs no loader. fetch and performance are Node's globals.
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async (r) => {
  const t0 = performance.now();
  try {
    const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
    const text = await res.text();
    parentPort.postMessage({ id: r.id, status: res.status, text, ms: performance.now() - t0 });
  } catch (err) {
    parentPort.postMessage({ id: r.id, status: 0, text: String(err), ms: performance.now() - t0 });
  }
});
`;

/** The worker that sends and times; one per bench run. */
export class TimedSender {
  private readonly worker = new Worker(WORKER, { eval: true });
  private readonly waiting = new Map<number, (a: Answered) => void>();
  private seq = 0;

  constructor() {
    this.worker.on('message', (a: Answered) => {
      this.waiting.get(a.id)?.(a);
      this.waiting.delete(a.id);
    });
  }

  send(url: string, headers: Record<string, string>, body: string): Promise<Answered> {
    const request: Outgoing = { id: ++this.seq, url, headers, body };
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * SlackRequests whose one request is sent by the TimedSender: the same payloads, signature and
 * checks of the answer; `ms` is its HTTP round trip as the worker timed it.
 */
export class TimedRequests extends SlackRequests {
  ms = Number.NaN;

  constructor(
    private readonly appOrigin: string,
    private readonly signingSecret: string,
    fake: FakeSlack,
    private readonly sender: TimedSender,
  ) {
    super(appOrigin, signingSecret, fake);
  }

  override async post(
    rawBody: string,
    contentType: string,
    options: SignOptions = {},
  ): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const answered = await this.sender.send(
      `${this.appOrigin}/slack/events`,
      {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature':
          options.signature ?? slackSignature(this.signingSecret, timestamp, rawBody),
        ...options.headers,
      },
      rawBody,
    );
    this.ms = answered.ms;
    let body: unknown = answered.text;
    try {
      body = answered.text ? JSON.parse(answered.text) : '';
    } catch {
      // not JSON: keep the text
    }
    return { status: answered.status, body };
  }
}

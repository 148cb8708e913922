import { expect, test, vi } from 'vitest';
import { AckFirst } from '../../../src/slack/ack-first.js';
import { beforeSave, boundary } from '../../../src/slack/boundary.js';
import { boundaryDeps } from '../../helpers/boundary.js';

/**
 * The timers AckFirst and the boundary wait on, faked: advanced, everything due by then has run,
 * however many turns of the event loop the code takes.
 */
const TIMERS: NonNullable<Parameters<typeof vi.useFakeTimers>[0]>['toFake'] = [
  'setTimeout',
  'clearTimeout',
  'setImmediate',
  'clearImmediate',
];

const deps = (ackFirst: AckFirst) => boundaryDeps({ afterAck: () => ackFirst.afterAcks() });

const args = (ack: () => Promise<void>) =>
  ({
    context: { teamId: 'T0TEAM0001', userId: 'U0USER0001' },
    body: { type: 'block_actions' },
    ack,
    client: {},
  }) as never;

/** A claim button's listener: acks, then updates the card (noted in `done`). */
const claims = (ackFirst: AckFirst, done: string[]) => (name: string) =>
  boundary(`action:${name}`, deps(ackFirst), async (a: any) => {
    await a.ack();
    done.push(`${name}: card updated`);
  });

test('the work after an ack waits until the requests that came in meanwhile are answered', async () => {
  vi.useFakeTimers({ toFake: TIMERS });
  try {
    const ackFirst = new AckFirst(60_000, 0);
    const done: string[] = [];
    const claim = claims(ackFirst, done);
    // Two clicks in at once; the first is answered, the second still waits for its ack.
    const first = ackFirst.arrived();
    const second = ackFirst.arrived();
    const firstWork = claim('first')(
      args(async () => {
        done.push('first: acked');
        first();
      }),
    );
    // All that would run short of the wait's limit has run: the card still waits.
    await vi.advanceTimersByTimeAsync(59_999);
    expect(done).toEqual(['first: acked']);

    const secondWork = claim('second')(
      args(async () => {
        done.push('second: acked');
        second();
      }),
    );
    await vi.runAllTimersAsync();
    await Promise.all([firstWork, secondWork]);
    // Both acks before either card; the cards in the order of the acks.
    expect(done).toEqual([
      'first: acked',
      'second: acked',
      'first: card updated',
      'second: card updated',
    ]);
  } finally {
    vi.useRealTimers();
  }
});

test('answered more than once counts once; nothing in flight lets the work go on after one turn', async () => {
  const ackFirst = new AckFirst(60_000, 0);
  const answered = ackFirst.arrived();
  answered();
  answered();
  expect(ackFirst.pending).toBe(0);
  let resumed = false;
  const waiting = ackFirst.afterAcks().then(() => (resumed = true));
  expect(resumed).toBe(false);
  await waiting;
  expect(resumed).toBe(true);
});

test('a request never answered holds the work after the others acks at most maxWaitMs', async () => {
  vi.useFakeTimers({ toFake: TIMERS });
  try {
    const ackFirst = new AckFirst(1000);
    ackFirst.arrived(); // a request Slack gave up on, say: never answered
    let resumed = false;
    const waiting = ackFirst.afterAcks().then(() => (resumed = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(resumed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(resumed).toBe(true);
    expect(ackFirst.pending).toBe(1);
  } finally {
    vi.useRealTimers();
  }
});

test('the work after acks waits until no request came in for the quiet time, then goes on', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  try {
    const ackFirst = new AckFirst(1000, 10, () => Date.now());
    const done: string[] = [];
    const claim = claims(ackFirst, done);
    // A click comes in and is answered at once; the burst it belongs to is still arriving.
    const first = ackFirst.arrived();
    const work = claim('first')(
      args(async () => {
        done.push('first: acked');
        first();
      }),
    );
    await vi.advanceTimersByTimeAsync(6);
    // The next request of the burst, 6 ms later, answered at once: the quiet starts again.
    ackFirst.arrived()();
    await vi.advanceTimersByTimeAsync(9);
    expect(done).toEqual(['first: acked']);
    // 10 ms after the last request came in, the card goes out.
    await vi.advanceTimersByTimeAsync(1);
    await work;
    expect(done).toEqual(['first: acked', 'first: card updated']);
  } finally {
    vi.useRealTimers();
  }
});

test('a submission whose input passed its checks is acked saving, and saves after the other acks', async () => {
  vi.useFakeTimers({ toFake: TIMERS });
  try {
    const ackFirst = new AckFirst(60_000, 0);
    const done: string[] = [];
    const submit = boundary(
      'view:customer_create',
      boundaryDeps({ afterAck: () => ackFirst.afterAcks(), submitAckBudgetMs: 0 }),
      async (a: any) => {
        await beforeSave(a);
        done.push('customer saved');
        await a.ack();
      },
    );
    const submitted = ackFirst.arrived();
    const other = ackFirst.arrived();
    const work = submit({
      context: { teamId: 'T0TEAM0001', userId: 'U0USER0001' },
      body: {
        type: 'view_submission',
        user: { id: 'U0USER0001' },
        view: {
          id: 'V0VIEW0001',
          callback_id: 'customer_create',
          title: { type: 'plain_text', text: 'New customer' },
          blocks: [{ type: 'input', block_id: 'name', label: { text: 'Customer name' } }],
          state: { values: {} },
        },
      },
      ack: async (response: any) => {
        done.push(`acked: ${response?.response_action} ${response?.view?.close?.text}`);
        submitted();
      },
      client: {
        views: {
          update: async (u: any) => done.push(`${u.external_id}: ${JSON.stringify(u.view.blocks)}`),
        },
      },
    } as never);
    // All that would run short of the wait's limit has run: acked with the saving view pushed
    // over the form; the save waits for the request still unanswered.
    await vi.advanceTimersByTimeAsync(59_999);
    expect(done).toEqual(['acked: push Back']);
    other();
    await vi.runAllTimersAsync();
    await work;
    expect(done).toEqual([
      'acked: push Back',
      'customer saved',
      expect.stringMatching(/^V0VIEW0001:saving:[0-9a-f]{8}: .*Saved\. You can close this window/),
    ]);
  } finally {
    vi.useRealTimers();
  }
});

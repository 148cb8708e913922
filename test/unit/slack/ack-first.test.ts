import { expect, test, vi } from 'vitest';
import { AckFirst } from '../../../src/slack/ack-first.js';
import { boundary } from '../../../src/slack/boundary.js';
import { boundaryDeps } from '../../helpers/boundary.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const deps = (ackFirst: AckFirst) => boundaryDeps({ afterAck: () => ackFirst.afterAcks() });

const args = (ack: () => Promise<void>) =>
  ({
    context: { teamId: 'T0TEAM0001', userId: 'U0USER0001' },
    body: { type: 'block_actions' },
    ack,
    client: {},
  }) as never;

test('the work after an ack waits until the requests that came in meanwhile are answered', async () => {
  const ackFirst = new AckFirst(60_000);
  const done: string[] = [];
  const claim = (name: string) =>
    boundary(`action:${name}`, deps(ackFirst), async (a: any) => {
      await a.ack();
      done.push(`${name}: card updated`);
    });
  // Two clicks in at once; the first is answered, the second still waits for its ack.
  const first = ackFirst.arrived();
  const second = ackFirst.arrived();
  const firstWork = claim('first')(
    args(async () => {
      done.push('first: acked');
      first();
    }),
  );
  for (let i = 0; i < 5; i++) await turn();
  expect(done).toEqual(['first: acked']);

  const secondWork = claim('second')(
    args(async () => {
      done.push('second: acked');
      second();
    }),
  );
  await Promise.all([firstWork, secondWork]);
  // Both acks before either card; the cards in the order of the acks.
  expect(done).toEqual([
    'first: acked',
    'second: acked',
    'first: card updated',
    'second: card updated',
  ]);
});

test('answered more than once counts once; nothing in flight lets the work go on after one turn', async () => {
  const ackFirst = new AckFirst(60_000);
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
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const ackFirst = new AckFirst(1000);
    ackFirst.arrived(); // a request Slack gave up on, say: never answered
    let resumed = false;
    const waiting = ackFirst.afterAcks().then(() => (resumed = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
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

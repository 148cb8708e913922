// The outbox's pacer: calls to one key at least its gap apart, times the instances sharing the
// limit (OutboxWorker's live instances), read at each call; other keys are paced apart.
import { expect, test } from 'vitest';
import { ChannelPacer } from '../../src/slack/pacer.js';

function virtual() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

test('one instance: calls to a key 1.2 s apart; another key is not held by it', async () => {
  const t = virtual();
  const pacer = new ChannelPacer(t.sleep, t.now, 1200);
  await pacer.before('T1');
  await pacer.before('T1');
  await pacer.before('T2');
  await pacer.before('T1');
  expect(t.waits).toEqual([1200, 1200]);
});

test('the share read at each call: three instances live, then two, then one', async () => {
  const t = virtual();
  let share = 3;
  const pacer = new ChannelPacer(t.sleep, t.now, 1200, () => share);
  await pacer.before('T1');
  await pacer.before('T1');
  share = 2;
  await pacer.before('T1');
  share = 1;
  await pacer.before('T1');
  // A share below one (none read yet) paces as one.
  share = 0;
  await pacer.before('T1');
  expect(t.waits).toEqual([3600, 2400, 1200, 1200]);
});

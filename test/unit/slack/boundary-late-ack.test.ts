import { expect, test } from 'vitest';
import { boundary } from '../../../src/slack/boundary.js';
import { boundaryDeps } from '../../helpers/boundary.js';

const deps = (observed: string[]) =>
  boundaryDeps({ observe: (_listener, outcome) => observed.push(outcome) });

const args = (ack: () => Promise<void>) =>
  ({
    context: { teamId: 'T0TEAM0001', userId: 'U0USER0001' },
    // A submission as Slack sends one: the boundary reads it before the listener does.
    body: {
      type: 'view_submission',
      user: { id: 'U0USER0001' },
      view: { id: 'V0VIEW0001', callback_id: 'x', state: { values: {} }, blocks: [] },
    },
    ack,
    client: {},
  }) as never;

test('an ack that comes after Bolt answered Slack (over 3 s) lets the work after it go on', async () => {
  const observed: string[] = [];
  const done: string[] = [];
  const late = Object.assign(new Error('Cannot write headers after they are sent'), {
    code: 'ERR_HTTP_HEADERS_SENT',
  });
  const listener = boundary('view:ticket_create', deps(observed), async (a: any) => {
    done.push('saved');
    await a.ack();
    done.push('card posted');
  });
  await listener(args(() => Promise.reject(late)));
  expect(done).toEqual(['saved', 'card posted']);
  expect(observed).toEqual(['ok']);
});

test('any other failure of the ack still fails the listener', async () => {
  const observed: string[] = [];
  const done: string[] = [];
  const listener = boundary('view:ticket_create', deps(observed), async (a: any) => {
    await a.ack();
    done.push('card posted');
  });
  await listener(args(() => Promise.reject(new Error('socket closed'))));
  expect(done).toEqual([]);
  expect(observed).toEqual(['INTERNAL']);
});

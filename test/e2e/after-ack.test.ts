// The work a request does after its ack yields to the requests still waiting for theirs at each
// database command and Web API call (src/after-ack.ts, src/slack/ack-first.ts), on the real
// models and the real Web API client: what keeps a burst's acks from queueing behind the work of
// the first requests acked.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inRequest, requestAcked } from '../../src/after-ack.js';
import type { Database } from '../../src/db/connection.js';
import { createLogger } from '../../src/logger.js';
import { AckFirst } from '../../src/slack/ack-first.js';
import '../../src/slack/instrument.js';
import { dropTestDatabase, openTestDatabase } from '../helpers/db.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { SingleFlight } from '../../src/single-flight.js';

let db: Database;
const fake = new FakeSlack();

beforeAll(async () => {
  db = await openTestDatabase(createLogger('silent'));
  await fake.start();
});
afterAll(async () => {
  await dropTestDatabase(db);
  await fake.stop();
});

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Resolves to `label` once `work` is done; `done` lists what finished, in order. */
function track(done: string[], label: string, work: Promise<unknown>): Promise<void> {
  return work.then(() => {
    done.push(label);
  });
}

test("a request's reads before its ack go at once; after its ack its commands and calls wait for the others' acks", async () => {
  const ackFirst = new AckFirst(60_000, 0);
  const slack = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
  const done: string[] = [];
  // Another request came in and waits for its ack.
  const other = ackFirst.arrived();

  const work = inRequest(ackFirst, async () => {
    await track(done, 'read before the ack', db.models.tickets.find({ teamId: 'T0TEAM0001' }));
    requestAcked();
    await Promise.all([
      track(
        done,
        'update after the ack',
        db.models.tickets.updateOne({ teamId: 'T0TEAM0001' }, {}),
      ),
      track(done, 'count after the ack', db.models.customers.countDocuments({})),
      track(done, 'aggregate after the ack', db.models.tickets.aggregate([{ $match: {} }])),
      track(done, 'insert after the ack', db.models.outbox.insertMany([])),
      track(
        done,
        'post after the ack',
        slack.chat.postMessage({ channel: 'C0TRIAGE01', text: 'x' }),
      ),
    ]);
  });
  // Outside any request (a job, the outbox's loop) nothing waits.
  const job = track(done, 'job read', db.models.customers.find({}));

  await job;
  // The commands sent after the job's read had time to be answered: two round trips more.
  await db.models.customers.find({});
  await db.models.tickets.find({});
  await turns(5);
  expect(done.sort()).toEqual(['job read', 'read before the ack']);
  expect(fake.callsTo('chat.postMessage')).toHaveLength(0);

  other();
  await work;
  expect(done).toHaveLength(7);
  expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
});

test('held back at most maxWaitMs after the ack: a request never answered does not stall the work', async () => {
  let ms = 0;
  const ackFirst = new AckFirst(1000, 0, () => ms);
  ackFirst.arrived(); // never answered
  const done: string[] = [];
  const work = inRequest(ackFirst, async () => {
    requestAcked();
    ms = 1000; // the deadline is past
    await track(done, 'count after the ack', db.models.customers.countDocuments({}));
  });
  await work;
  expect(done).toEqual(['count after the ack']);
});

test('a read shared by several requests is not held back by the one that started it after its ack', async () => {
  const ackFirst = new AckFirst(60_000, 0);
  const reads = new SingleFlight();
  const second = ackFirst.arrived();
  const read = () => reads.run('queue', () => db.models.tickets.find({}).lean());
  // The first request, acked, asks for the queue; the second, before its ack, asks the same.
  const first = inRequest(ackFirst, async () => {
    requestAcked();
    return read();
  });
  const beforeAck = await inRequest(ackFirst, () => read());
  expect(beforeAck).toEqual([]);
  second();
  await first;
});

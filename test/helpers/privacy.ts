// The steps the erase-by-Slack-user tests share, through the real Bolt stack (signed requests,
// the fake Slack): where a person's id is held, and an erase of them asked for and confirmed.
import { vi } from 'vitest';
import type { Models } from '../../src/db/models.js';
import { DataSubjectRepository, ErasureLeaseRepository } from '../../src/privacy/repository.js';
import { TicketService } from '../../src/ticket/service.js';
import { userKeys } from '../../src/privacy/user-key.js';
import { TEST_SIGNING_SECRET, type TestApp } from './app.js';
import { scanStrings } from './db.js';
import { dmChannelOf } from './fake-slack.js';

/**
 * Where `userId` is held, by collection and field (`scanStrings`), sorted, but for the privacy
 * log (a manager's read of a file in clear is logged there, as who read it): their id, or their
 * DM's channel (`D…`, which Slack answers a post to them with and which leads back to them).
 */
export async function heldIn(app: TestApp, userId: string): Promise<string[]> {
  const found = await scanStrings(app.db, [...new Set([userId, dmChannelOf(userId)])]);
  const fields = found.map((f) => f.slice(0, f.indexOf(':')).replace(/\[\d+\]/g, ''));
  return [...new Set(fields)].filter((f) => !f.startsWith('privacy_log.')).sort();
}

/**
 * `/desk privacy erase user:<@subject>` by `admin`, then Erase on its modal as if left open from
 * before: what the command said (its answer and the modal's updates by then).
 */
export async function tryEraseUser(app: TestApp, admin: string, subject: string): Promise<string> {
  const res = await app.slack.command('/desk', `privacy erase user:<@${subject}>`, {
    userId: admin,
  });
  const said = JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('views.update'));
  const modal = {
    callback_id: 'privacy_erase',
    private_metadata: JSON.stringify({ subjectUser: subject }),
    blocks: [],
  };
  await app.slack.submitView(modal as never, {}, { userId: admin });
  return said;
}

/** Erase pressed by `admin` on the erase modal (view `viewId`) of the Slack user `subject`. */
export async function eraseUserInSlack(
  app: TestApp,
  admin: string,
  subject: string,
  viewId: string,
): Promise<void> {
  await app.slack.submitView(
    {
      id: viewId,
      callback_id: 'privacy_erase',
      private_metadata: JSON.stringify({ subjectUser: subject }),
      blocks: [],
    },
    {},
    { userId: admin },
  );
}

/**
 * Erase pressed by `admin` on the erase modal (view `viewId`) of the Slack user `subject`, a
 * minute on, its run cut right after its first resume's write (its notices still owed: the
 * process stopped), its lease never given back (it runs out ERASURE_LEASE_MS after its last
 * renewal). The spies are restored once the submit is answered.
 */
export async function eraseUserCutAfterResume(
  app: TestApp,
  admin: string,
  subject: string,
  viewId: string,
): Promise<void> {
  const cut = vi
    .spyOn(TicketService.prototype, 'noticesWritten')
    .mockImplementationOnce(async () => {
      throw new Error('process stopped');
    });
  await eraseUserCut(app, admin, subject, viewId, cut);
}

/**
 * As eraseUserCutAfterResume, the run cut right after its first resume's notices were marked
 * written (the process stopped there, before it rewrote the ticket): nothing is owed for the
 * notices repair to replay (the resume is the erasure's to announce once it is done).
 */
export async function eraseUserCutAfterResumeMarked(
  app: TestApp,
  admin: string,
  subject: string,
  viewId: string,
): Promise<void> {
  const real = TicketService.prototype.noticesWritten;
  const cut = vi
    .spyOn(TicketService.prototype, 'noticesWritten')
    .mockImplementationOnce(async function (this: TicketService, ...args) {
      await real.apply(this, args);
      throw new Error('process stopped');
    });
  await eraseUserCut(app, admin, subject, viewId, cut);
}

/**
 * As eraseUserCutAfterResume, the run cut once it resumed every ticket waiting on them (their
 * notices marked written), before its scrub of the person's data (the process stopped there):
 * each still holds their words, held up until the erasure is done.
 */
export async function eraseUserCutBeforeScrub(
  app: TestApp,
  admin: string,
  subject: string,
  viewId: string,
): Promise<void> {
  const cut = vi
    .spyOn(DataSubjectRepository.prototype, 'scrubUser')
    .mockRejectedValueOnce(new Error('process stopped'));
  await eraseUserCut(app, admin, subject, viewId, cut);
}

/**
 * As eraseUserCutAfterResume, the run cut right after its scrub of the person's data (the scrub
 * done, the process stopped before its log and its resumes' announcements).
 */
export async function eraseUserCutAfterScrub(
  app: TestApp,
  admin: string,
  subject: string,
  viewId: string,
): Promise<void> {
  const real = DataSubjectRepository.prototype.scrubUser;
  const cut = vi
    .spyOn(DataSubjectRepository.prototype, 'scrubUser')
    .mockImplementationOnce(async function (this: DataSubjectRepository, ...args) {
      await real.apply(this, args);
      throw new Error('process stopped');
    });
  await eraseUserCut(app, admin, subject, viewId, cut);
}

/** The erasure's submit a minute on, `cut` where it stops, its lease never given back. */
async function eraseUserCut(
  app: TestApp,
  admin: string,
  subject: string,
  viewId: string,
  cut: { mockRestore(): void },
): Promise<void> {
  const kept = vi
    .spyOn(ErasureLeaseRepository.prototype, 'release')
    .mockRejectedValueOnce(new Error('process stopped'));
  app.clock.advance(60_000);
  try {
    await eraseUserInSlack(app, admin, subject, viewId);
  } finally {
    cut.mockRestore();
    kept.mockRestore();
  }
}

/**
 * `models` whose `name` collection's first read matching `when` returns what it read only after
 * `between` ran: the documents as they were before it.
 */
export function readBefore(
  models: Models,
  name: keyof Models,
  when: (filter: Record<string, unknown>) => boolean,
  between: () => Promise<void>,
): Models {
  const real = models[name] as unknown as Record<string | symbol, unknown> & {
    find(f: unknown): { exec(...a: unknown[]): Promise<unknown> };
  };
  let armed = true;
  const find = (filter: Record<string, unknown>) => {
    const query = real.find(filter);
    if (!armed || !when(filter)) return query;
    armed = false;
    const exec = query.exec.bind(query);
    query.exec = async (...a: unknown[]) => {
      const docs = await exec(...a);
      await between();
      return docs;
    };
    return query;
  };
  const wrapped = new Proxy(real, {
    get: (target, prop) => {
      if (prop === 'find') return find;
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { ...models, [name]: wrapped } as Models;
}

/** `admin` erases `args` in Slack: `/desk privacy erase <args>`, then Erase on its modal. */
export async function erasedInSlack(app: TestApp, admin: string, args: string): Promise<void> {
  await app.slack.command('/desk', `privacy erase ${args}`, { userId: admin });
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view;
  await app.slack.submitView(modal as never, {}, { userId: admin });
}

/** The chat.update calls Slack took of the post `ts`, in order. */
export const updatesOfPost = (app: TestApp, ts: string) =>
  app.fake.tookCalls('chat.update').filter((c) => String(c.args.ts) === ts);

/** The test app's user keys: keyed by its signing secret, as the app's (no PRIVACY_KEY set). */
export const testUserKeys = userKeys(TEST_SIGNING_SECRET);

/** How the test app's privacy log and erasure marks know `userId` (UserKeys.of). */
export function userKey(teamId: string, userId: string): string {
  return testUserKeys.of(teamId, userId);
}

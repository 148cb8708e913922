// Stepping in between a request's read of a ticket and its write (another instance's work).
import { vi } from 'vitest';
import type { TicketRepository } from '../../src/ticket/repository.js';
import type { TestApp } from './app.js';

/** The ticket repository the app's services write through (to step in between read and write). */
export const ticketRepo = (app: TestApp) =>
  (app.desk.services.tickets as unknown as { repos: { tickets: TicketRepository } }).repos.tickets;

/**
 * `meanwhile` (another instance's work) runs once, between a step's read and its first write;
 * whether it ran. (The test file restores the mocks after each test.)
 */
export function beforeFirstWrite(app: TestApp, meanwhile: () => Promise<void>): () => boolean {
  const repo = ticketRepo(app);
  const write = repo.applyIfVersion.bind(repo);
  let stepped = false;
  vi.spyOn(repo, 'applyIfVersion').mockImplementation(async (...args) => {
    if (!stepped) {
      stepped = true;
      await meanwhile();
    }
    return write(...args);
  });
  return () => stepped;
}

/**
 * `meanwhile` (another instance's work) runs once, between an addition to a ticket's followers'
 * read (TicketRepository.addFollowers) and its write: its conditional update of the followers.
 * Whether it ran. (The test file restores the mocks after each test.)
 */
export function beforeFollowersWrite(app: TestApp, meanwhile: () => Promise<void>): () => boolean {
  const model = app.db.models.tickets;
  const write = model.findOneAndUpdate.bind(model) as (...args: unknown[]) => {
    lean: () => Promise<unknown>;
  };
  let stepped = false;
  vi.spyOn(model, 'findOneAndUpdate').mockImplementation(((...args: unknown[]) => {
    const update = args[1] as { $push?: { followedAt?: unknown } } | undefined;
    if (stepped || !update?.$push?.followedAt) return write(...args);
    stepped = true;
    return {
      lean: async () => {
        await meanwhile();
        return write(...args).lean();
      },
    };
  }) as never);
  return () => stepped;
}

// What the upgrade-intent tests share: the people (an account manager who owns the customers,
// an agent who hears the intent, a manager), their roles, and the reads of tasks and the card.
import type { TestApp } from './app.js';
import { FAKE_TEAM_ID } from './fake-slack.js';

export const SALES = 'U0SALES001';
export const AGENT = 'U0SERVICE1';
export const MANAGER = 'U0MANAGER1';
export const FORMER = 'U0FORMER01';

/** The upgrade-intent steps and reads on `app`. */
export function upgradeSteps(app: TestApp) {
  return {
    /** The view the app last opened or updated. */
    lastModal: () =>
      app.fake.calls.filter((c) => c.method === 'views.open' || c.method === 'views.update').at(-1)!
        .args.view as Record<string, any>,
    /** What the desk wrote to the outbox, delivered: the clock 10 s on, the outbox drained. */
    deliverAll: async () => {
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
    },
    /** The workspace's upgrade tasks, oldest first. */
    upgradeTasks: () =>
      app.db.models.tasks
        .find({ teamId: FAKE_TEAM_ID, kind: 'upgrade' })
        .sort({ createdAt: 1 })
        .lean(),
    /** Customer `code`'s card as SALES reads it (its blocks as JSON). */
    card: async (code: string) =>
      JSON.stringify((await app.slack.command('/customer', code, { userId: SALES })).body.blocks),
    /** MANAGER a manager, AGENT an agent, SALES an account manager. */
    roles: () =>
      app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT], accountManagers: [SALES] })),
  };
}

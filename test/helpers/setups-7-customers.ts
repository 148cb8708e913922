// Customers made as a person makes them in Slack.
import type { TestApp } from './app.js';
import { submitLastModal } from './clicks.js';
import { ctxOf } from './factories.js';

/**
 * `userId` runs `/customer new` and saves the modal with `form` (a Manufacturing customer met by
 * referral unless it says otherwise): the new customer's code.
 */
export async function customerByModal(
  app: TestApp,
  userId: string,
  form: Record<string, string> & { name: string },
): Promise<string> {
  await app.slack.command('/customer', 'new', { userId });
  await submitLastModal(app, { industry: 'Manufacturing', source: 'referral', ...form }, userId);
  return (await app.db.models.customers.findOne({ name: form.name }).lean())!.code;
}

/** `name`, a customer of workspace `teamId` created by its owner `ownerId` (makeCustomer's other fields). */
export async function customerInTeam(app: TestApp, teamId: string, ownerId: string, name: string) {
  const ctx = await ctxOf(app, ownerId, { teamId });
  return app.desk.services.customers.create(ctx, {
    name,
    industry: 'Manufacturing',
    source: 'referral',
    firstContactDate: '2026-01-05',
    ownerId,
  });
}

import { parseCustomerForm } from '../../src/customer/form.js';
import { AppError } from '../../src/errors.js';
import { translator } from '../../src/i18n/index.js';
import { boundary } from '../../src/slack/boundary.js';
import { formData, readMetadata, viewSubmissionSchema } from '../../src/slack/payloads.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { localDate } from '../../src/time.js';
import { markdown } from '../../src/ui/blocks.js';
import { customerCard } from '../../src/ui/customer.js';
import type { HandlerDeps } from '../deps.js';
import type { ViewArgs } from './types.js';

/** Submit of the Edit modal: only changed fields are written, each one logged. */
export function customerEdit(deps: HandlerDeps) {
  return boundary<ViewArgs>(
    'view:customer_edit',
    deps.boundary,
    async ({ ack, body, client }, req) => {
      const { view } = viewSubmissionSchema.parse(body);
      const meta = readMetadata(view.private_metadata);
      if (!meta.code) throw new AppError('INVALID_INPUT', 'error.internal');
      const { workspaces, customers } = deps.services;
      const settings = await workspaces.settings(req.teamId);
      const now = deps.clock.now();
      const patch = parseCustomerForm(formData(view), {
        mode: 'update',
        today: localDate(now, settings.timeZone),
      });
      const { customer, changes } = await customers.update(
        req.teamId,
        meta.code,
        patch,
        req.userId,
        now,
      );
      await ack();
      req.log.info(
        { code: customer.code, fields: changes.map((c) => c.field) },
        'customer updated',
      );

      const t = translator(settings.locale);
      const params = { name: customer.name, code: customer.code, count: changes.length };
      const done = t(changes.length ? 'customer.updated' : 'customer.unchanged', params);
      const card = customerCard(t, customers.viewFor(customer, settings, req.userId), {
        timeZone: settings.timeZone,
      });
      await replyPrivately(
        client,
        { responseUrl: meta.responseUrl, userId: req.userId },
        { text: done, blocks: [markdown(done), ...card.blocks] },
      );
    },
  );
}

import type { ModalView } from '@slack/types';
import type { Translate } from '../i18n/index.js';
import type { ErasePlan, SubjectExport } from '../privacy/service.js';
import type { PrivacyLogEntry } from '../privacy/types.js';
import { context, markdown, type Block, type Message } from './blocks.js';
import { PRIVACY } from './ids.js';
import { formModal } from './inputs.js';
import { escape, join, keep, md, slackTime } from './text.js';

/** The confirmation of an erasure: what will go, named, and an Erase button. */
export function eraseConfirmModal(t: Translate, plan: ErasePlan, metadata: string): ModalView {
  const text = plan.whole
    ? t('privacy.erase.confirmCustomer', {
        name: plan.customerName,
        code: plan.code,
        count: plan.contacts.length,
      })
    : t('privacy.erase.confirmContact', {
        contact: plan.contacts.join(', '),
        name: plan.customerName,
        code: plan.code,
      });
  return formModal(t, {
    callbackId: PRIVACY.eraseView,
    title: 'privacy.erase.title',
    submit: 'privacy.erase.submit',
    metadata,
    blocks: [markdown(text)],
  });
}

/** The result of an export, privately: the counts, the JSON (clipped) as a code block. */
export function subjectExportMessage(t: Translate, result: SubjectExport): Message {
  const head = t('privacy.export.done', { subject: result.subject, count: result.documents });
  const json = result.json.length > 2500 ? `${result.json.slice(0, 2500)}\n…` : result.json;
  return {
    text: head,
    blocks: [markdown(head), markdown(md`\`\`\`${escape(json.replace(/```/g, "'''"))}\`\`\``)],
  };
}

/** The privacy log, newest first (admins). */
export function privacyLogMessage(
  t: Translate,
  items: PrivacyLogEntry[],
  total: number,
  timeZone: string,
): Message {
  const title = t('privacy.log.title', { total });
  if (!items.length)
    return { text: title, blocks: [markdown(title), context(t('privacy.log.none'))] };
  const lines = items.map((e) =>
    t('privacy.log.line', {
      at: keep(slackTime(e.at, timeZone)),
      kind: keep(t(`privacy.kind.${e.kind}`)),
      by: e.by,
      subject: e.subject,
    }),
  );
  const blocks: Block[] = [markdown(md`*${title}*`), markdown(join(lines, '\n'))];
  return { text: title, blocks };
}

import type { CustomerSignal } from '../customer/types.js';
import type { Translate } from '../i18n/index.js';
import { clip, escapeMrkdwn, listMessage, type Message } from './blocks.js';

/** One signal in one line, naming the customer. */
export function signalLine(t: Translate, s: CustomerSignal): string {
  const name = `*${escapeMrkdwn(clip(s.customer.name, 60))}* (${s.customer.code})`;
  switch (s.kind) {
    case 'contract':
      return t('signal.contract', { name, date: s.date, days: s.days });
    case 'birthday':
      return t('signal.birthday', { contact: escapeMrkdwn(s.contact), name });
    case 'churn':
      return t(`signal.churn.${s.reason}`, { name, days: s.days });
    case 'upsell':
      return t('signal.upsell', { name, recent: s.recent, previous: s.previous });
  }
}

/** An owner's signals of the day (one DM of several when there are many). */
export function signalsMessage(t: Translate, items: CustomerSignal[], total: number): Message {
  return listMessage(
    t('signal.header', { count: total }),
    items.map((s) => clip(signalLine(t, s), 290)),
  );
}

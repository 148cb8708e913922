import type { CustomerSignal } from '../customer/types.js';
import type { Translate } from '../i18n/index.js';
import { listMessage, type Message } from './blocks.js';
import { formatAmount } from './format.js';
import { clip } from '../text/clip.js';
import { clipMrkdwn, escapeClipped, join, keep, md, type Mrkdwn } from './text.js';

/** Strategic first: a smaller rank is a higher tier. */
const TIER_RANK = { strategic: 0, key: 1, normal: 2 } as const;

/**
 * One signal in one line, naming the customer; to a manager, with whose customer it is (a key
 * customer's contract or churn risk; a tier move of any customer, which may leave it normal; an
 * upsell of any customer, with the meeting manual B asks of the sales director); to whom the desk
 * names in the place of a guest owner, that it is theirs for that reason.
 */
export function signalLine(t: Translate, s: CustomerSignal): Mrkdwn {
  const line = ownerSignalLine(t, s);
  if (!s.accountManager)
    return s.guestOwner ? t('signal.forStandIn', { line: keep(line), owner: s.guestOwner }) : line;
  const params = { line: keep(line), owner: s.accountManager };
  if (s.kind === 'tier') return t('signal.tier.forManager', params);
  if (s.kind === 'upsell') return t('signal.upsell.forManager', params);
  return t('signal.forManager', params);
}

function ownerSignalLine(t: Translate, s: CustomerSignal): Mrkdwn {
  const name = keep(
    t('customer.nameCode', {
      name: keep(md`*${escapeClipped(s.customer.name, 60)}*`),
      code: s.customer.code,
    }),
  );
  switch (s.kind) {
    case 'contract':
      // Held past the end (Slack refusing, the desk down): it ended, on that day.
      if (s.days < 0) return t('signal.contractEnded', { name, date: s.date, days: -s.days });
      return t('signal.contract', { name, date: s.date, days: s.days });
    case 'birthday':
      if (!s.date) return t('signal.birthday', { contact: s.contact, name });
      return t(s.past ? 'signal.birthdayWas' : 'signal.birthdayOn', {
        contact: s.contact,
        name,
        date: s.date,
      });
    case 'churn': {
      const line =
        s.reason === 'falling'
          ? t('signal.churn.falling', { name, recent: s.recent, previous: s.previous })
          : t(`signal.churn.${s.reason}`, { name, days: s.days });
      // The care contacts the win-back call replaced, closed: said here, in the one DM.
      const replaced = (s.replaces ?? []).map((r) =>
        t('signal.churn.replaces', { task: t.plain(`task.kind.${r.kind}`), date: r.due }),
      );
      return replaced.length ? join([line, ...replaced], ' ') : line;
    }
    case 'upsell':
      return t('signal.upsell', { name, recent: s.recent, previous: s.previous });
    case 'late':
      return t('signal.late', { name, owner: s.ownerId, date: s.firstContact, days: s.days });
    case 'upgrade':
      return t('signal.upgrade', {
        name,
        what: clip(s.what, 200),
        by: s.by,
        owner: s.ownerId,
        assignee: s.assignee,
      });
    case 'tier': {
      const up = TIER_RANK[s.to] < TIER_RANK[s.from];
      const params = {
        name,
        from: keep(t(`tier.${s.from}`)),
        to: keep(t(`tier.${s.to}`)),
        revenue: formatAmount(s.revenue, s.currency, t.locale),
        hours: s.responseMinutes / 60,
      };
      // A customer the care plan does not contact: no care cadence promised.
      if (s.cadenceDays === undefined)
        return t(up ? 'signal.tier.upNoCare' : 'signal.tier.downNoCare', params);
      return t(up ? 'signal.tier.up' : 'signal.tier.down', { ...params, days: s.cadenceDays });
    }
  }
}

/** An owner's signals of the day (one DM of several when there are many). */
export function signalsMessage(t: Translate, items: CustomerSignal[], total: number): Message {
  return listMessage(
    t('signal.header', { count: total }),
    items.map((s) => clipMrkdwn(signalLine(t, s), 290)),
  );
}

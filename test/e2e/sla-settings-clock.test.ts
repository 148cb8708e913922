// The SLA settings group says on which clock its hours count: hours of business time, around the
// clock on an urgent ticket when urgent tickets count 24x7 (its first response and resolution
// targets, the L2 -> L3 delay and the progress notes: every clock of the ticket, README Limits:
// 24x7 drives every clock of an urgent ticket). Its fields no longer say "(business hours)"
// (工作小时), which a 24x7 urgent ticket does not count in, as the complaints group's do not
// (complaint-settings-clock.test.ts) [wording 1, sla2].
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});
const { openGroup, label, hint, labels } = settingsKit(app, ADMIN);
const HOURS = [
  'resolution_urgent',
  'resolution_important',
  'resolution_general',
  'l3_after',
  'progress_note_hours',
];

test('en: "Resolution: urgent (hours)", "L2 -> L3 after (hours)", and the group says they count around the clock on an urgent ticket with 24x7 on', async () => {
  const view = await openGroup('sla');
  expect(HOURS.map((id) => label(view, id))).toEqual([
    'Resolution: urgent (hours)',
    'Resolution: important (hours)',
    'Resolution: general (hours)',
    'L2 -> L3 after (hours)',
    'Draft a progress note for the requester every … hours (0: never)',
  ]);
  expect(labels(view).filter((l) => l.includes('business hours'))).toEqual([]);
  expect(hint(view)).toBe(
    'Targets, L2 -> L3 and progress notes in hours of business time (4, 1.5 or 90min). An urgent ticket counts them around the clock when urgent tickets count 24x7 (Business hours). A target applies to tickets opened after the change; open tickets keep theirs.',
  );
});

test('zh-CN: 解决：严重（小时）, no 工作小时 in a field; the group says 严重工单按全天候计时', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const view = await openGroup('sla');
  expect(HOURS.map((id) => label(view, id))).toEqual([
    '解决：严重（小时）',
    '解决：重要（小时）',
    '解决：一般（小时）',
    'L2 升级到 L3 的间隔（小时）',
    '每隔多少小时为报告人起草进展说明（0：不起草）',
  ]);
  expect(labels(view).filter((l) => l.includes('工作小时'))).toEqual([]);
  expect(hint(view)).toBe(
    '时限、L2 升级到 L3 的间隔和进展说明间隔按工作时间小时数填写（4、1.5 或 90min）。“工作时间”中设置严重工单全天候计时后，严重工单按全天候计时。修改对之后新建的工单生效；未结工单保持原有时限。',
  );
});

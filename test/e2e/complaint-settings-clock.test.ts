// The complaints settings group says on which clock its targets count: hours of business time,
// around the clock on a complaint whose severity is urgent when urgent tickets count 24x7. Its
// resolution fields no longer say "(business hours)" (工作小时), which a 24x7 urgent complaint
// does not count in (what the hint says is pinned by complaint-24x7-targets.test.ts; README
// Limits: 24x7 drives every clock of an urgent ticket) [sla2 3].
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});
const { openGroup, label, hint } = settingsKit(app, ADMIN);
const RESOLUTION = [
  'complaint_resolution_general',
  'complaint_resolution_urgent',
  'complaint_resolution_critical',
];

test('en: "Resolve: critical complaint (hours)", and the group says they count around the clock on an urgent complaint with 24x7 on', async () => {
  const view = await openGroup('complaints');
  expect(RESOLUTION.map((id) => label(view, id))).toEqual([
    'Resolve: general complaint (hours)',
    'Resolve: urgent complaint (hours)',
    'Resolve: critical complaint (hours)',
  ]);
  expect(hint(view)).toBe(
    'Contact and resolution targets in hours of business time (4, 1.5 or 90min). A complaint whose severity is urgent counts them around the clock when urgent tickets count 24x7 (Business hours).',
  );
});

test('zh-CN: 解决：特急投诉（小时）, no 工作小时; the group says 全天候计时', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const view = await openGroup('complaints');
  expect(RESOLUTION.map((id) => label(view, id))).toEqual([
    '解决：一般投诉（小时）',
    '解决：紧急投诉（小时）',
    '解决：特急投诉（小时）',
  ]);
  expect(hint(view)).toBe(
    '联系和解决时限按工作时间小时数填写（4、1.5 或 90min）。“工作时间”中设置严重工单全天候计时后，严重程度为严重的投诉也全天候计时。',
  );
});

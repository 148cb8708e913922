import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { homeView } from '../../../src/ui/home.js';
import { COMMANDS, workspaceSettings } from '../../helpers/records.js';
import { expectValidView, mrkdwn, visibleText } from '../../helpers/ui.js';

const WORDS = {
  en: { title: 'Customer care desk', find: 'Find customers by name, code, contact or tag' },
  'zh-CN': { title: '客户服务台', find: '按名称、编号、联系人或标签查找客户' },
} as const;

describe.each(LOCALES)('homeView in %s', (locale) => {
  const t = translator(locale);
  const view = homeView(t, workspaceSettings(locale), COMMANDS);

  test('valid Home tab: title, intro, the commands, the workspace zone and language', () => {
    expectValidView(view);
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: WORDS[locale].title } });
    expect(mrkdwn(view)).toContain(t('home.intro'));
    expect(mrkdwn(view)).toContain(t('home.footer', { timeZone: 'Asia/Shanghai', locale }));
    expect(view).toMatchSnapshot();
  });

  test('one section per command: its title and each usage with what it does', () => {
    const sections = view.blocks.slice(4, 4 + COMMANDS.length).map((b) => mrkdwn([b]));
    expect(sections).toEqual([
      [
        t('help.customer.title'),
        `\`/customer new\`  ${t('help.customer.new')}`,
        `\`/customer find &lt;text&gt;\`  ${WORDS[locale].find}`,
        `\`/customer C2026001\`  ${t('help.customer.show')}`,
        `\`/customer help\`  ${t('help.sub.help')}`,
      ].join('\n'),
      expect.stringContaining(`\`/ticket mine\`  ${t('help.ticket.mine')}`),
    ]);
    expect(visibleText(view)).not.toMatch(/help\.\w+/);
  });
});

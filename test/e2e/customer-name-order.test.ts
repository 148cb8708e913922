// The order customer names are listed in: Chinese names by pinyin (阿里巴巴, 北京, 上海, 深圳),
// as a zh-CN reader looks for them, Latin names as before; in `/customer find` (which 10 show
// before "and N more") and in the customer picker (which 20 options show), in either language,
// and for files saved before names had a sort key once the app has started (an upgrade).
import { describe, expect, test } from 'vitest';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { nameKey, nameSortKey, searchTerms } from '../../src/customer/rules.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

/** The names `/customer find <text>` lists, in its order. */
async function found(text: string): Promise<{ names: string[]; more: string | undefined }> {
  const res = await app.slack.command('/customer', `find ${text}`);
  const blocks = res.body.blocks as any[];
  const names = blocks
    .filter((b) => b.accessory?.action_id === 'customer_card_open')
    .map((b) => namesIn(b.text.text));
  const last = blocks.at(-1);
  return { names, more: last?.type === 'context' ? last.elements[0].text : undefined };
}

/** The customer name in a find row's text (`*C2026001* 北京光学 ...`). */
function namesIn(text: string): string {
  const name = NAMES.find((n) => text.includes(n));
  if (!name) throw new Error(`no known name in ${text}`);
  return name;
}

/** The picker's options for typed text, as their texts without the code. */
async function picked(value: string): Promise<string[]> {
  const res = await app.slack.blockSuggestion({ action_id: 'customer_picker', value });
  return res.body.options.map((o: any) => o.text.text.replace(/^C\d+ /, ''));
}

// Twelve trading companies, created in an order that is neither pinyin nor code point.
const TRADERS = [
  '上海贸易',
  '北京贸易',
  '深圳贸易',
  '阿里巴巴贸易',
  '杭州贸易',
  '广州贸易',
  '天津贸易',
  '成都贸易',
  '武汉贸易',
  '南京贸易',
  '西安贸易',
  '苏州贸易',
];
// In pinyin: a, bei, cheng, guang, hang, nan, shang, shen, su, tian, wu, xi.
const TRADERS_PINYIN = [
  '阿里巴巴贸易',
  '北京贸易',
  '成都贸易',
  '广州贸易',
  '杭州贸易',
  '南京贸易',
  '上海贸易',
  '深圳贸易',
  '苏州贸易',
  '天津贸易',
  '武汉贸易',
  '西安贸易',
];
// Twenty-two companies in Beijing: the picker shows 20.
const BEIJING = [
  '北京中关村科技',
  '北京阿尔法',
  '北京贸易',
  '北京安达物流',
  '北京百货',
  '北京朝阳电子',
  '北京大兴机械',
  '北京东城软件',
  '北京房山化工',
  '北京丰台光学',
  '北京海淀网络',
  '北京怀柔食品',
  '北京金融街咨询',
  '北京昌平医药',
  '北京门头沟矿业',
  '北京密云水务',
  '北京平谷果品',
  '北京石景山钢铁',
  '北京顺义航空',
  '北京通州建设',
  '北京西城商贸',
  '北京延庆旅游',
];
// a(er), an, bai, chang, chao, da, dong, fang, feng, hai, huai, jin, mao, men, mi, ping, shi,
// shun, tong, xi | yan, zhong: the last two by pinyin are left out, not the last two by code
// point (阿, 顺).
const BEIJING_PINYIN = [
  '北京阿尔法',
  '北京安达物流',
  '北京百货',
  '北京昌平医药',
  '北京朝阳电子',
  '北京大兴机械',
  '北京东城软件',
  '北京房山化工',
  '北京丰台光学',
  '北京海淀网络',
  '北京怀柔食品',
  '北京金融街咨询',
  '北京贸易',
  '北京门头沟矿业',
  '北京密云水务',
  '北京平谷果品',
  '北京石景山钢铁',
  '北京顺义航空',
  '北京通州建设',
  '北京西城商贸',
];
const NAMES = [
  ...new Set([
    ...TRADERS,
    ...BEIJING,
    'Beijing Optics',
    'Acme 贸易',
    'Zeta 贸易',
    '阿里巴巴光学',
    '上海华东机械',
    '阿里巴巴华东分公司',
    '华东电气',
    'Huadong GmbH',
    // Longest first: a row's name is the first of these its text holds.
    'Acme 100',
    'Acme 10',
    'Acme 1',
    'Acme 2',
  ]),
];

async function createAll(names: string[]): Promise<void> {
  for (const name of names) await makeCustomer(app, { name });
}

describe('customer names in pinyin order', () => {
  test('/customer find lists Chinese names by pinyin, and the 10 first by pinyin show', async () => {
    await createAll(TRADERS);
    const { names, more } = await found('贸易');
    expect(names).toEqual(TRADERS_PINYIN.slice(0, 10));
    expect(more).toBe('…and 2 more. Narrow the search to see them.');
  });

  test('Latin names sort as before, ahead of Chinese ones; the same in a zh-CN workspace', async () => {
    await createAll(['上海贸易', 'Zeta 贸易', '阿里巴巴贸易', 'Acme 贸易', '北京贸易']);
    const order = ['Acme 贸易', 'Zeta 贸易', '阿里巴巴贸易', '北京贸易', '上海贸易'];
    expect((await found('贸易')).names).toEqual(order);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await found('贸易')).names).toEqual(order);
  });

  test('the picker offers the first 20 names by pinyin for a Chinese prefix', async () => {
    await createAll([...BEIJING, '上海贸易', 'Beijing Optics']);
    expect(await picked('北京')).toEqual(BEIJING_PINYIN);
    expect(await picked('北')).toEqual(BEIJING_PINYIN);
    expect(await picked('北京门')).toEqual(['北京门头沟矿业']);
    // Latin typing finds Latin names only, as before (not 北京 by its pinyin).
    expect(await picked('bei')).toEqual(['Beijing Optics']);
  });

  test('the picker finds a Chinese name by a part further in (华东 in 上海华东机械), after the names that start with it', async () => {
    await createAll(['上海华东机械', '阿里巴巴华东分公司', '华东电气', '北京贸易', 'Huadong GmbH']);
    // The names starting with it first, then the ones with it further in, each by pinyin.
    expect(await picked('华东')).toEqual(['华东电气', '阿里巴巴华东分公司', '上海华东机械']);
    expect(await picked('东机')).toEqual(['上海华东机械']);
    expect(await picked('gmbh')).toEqual(['Huadong GmbH']);
    expect(await picked('广州')).toEqual([]);
    // As `/customer find` reads the same text.
    expect((await found('华东')).names).toEqual(['阿里巴巴华东分公司', '华东电气', '上海华东机械']);
  });

  test('a renamed customer moves to its new place', async () => {
    await createAll(['北京贸易', '上海贸易']);
    const shenzhen = await makeCustomer(app, { name: '深圳光学' });
    await app.desk.services.customers.update(await ctxOf(app, OWNER), shenzhen.code, {
      name: '阿里巴巴光学',
    });
    expect(await picked('阿')).toEqual(['阿里巴巴光学']);
    expect(await picked('深')).toEqual([]);
    expect((await found('学')).names).toEqual(['阿里巴巴光学']);
    expect((await found('C')).names).toEqual(['阿里巴巴光学', '北京贸易', '上海贸易']);
  });

  test('files saved before sort keys are found in pinyin order once the app starts', async () => {
    await createAll(TRADERS);
    // As an older version saved them: no sort key.
    await app.db.models.customers.updateMany(
      { teamId: FAKE_TEAM_ID },
      { $unset: { sortKey: '', sortKeyVersion: '' } },
    );
    const next = app.instance('upgraded');
    await next.start();
    await next.stop();
    expect((await found('贸易')).names).toEqual(TRADERS_PINYIN.slice(0, 10));
    expect(await picked('北')).toEqual(['北京贸易']);

    // One saved by an older instance after that start: keyed by the next minute's job.
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, name: '上海贸易' },
      { $unset: { sortKey: '', sortKeyVersion: '' } },
    );
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
    expect(run!.counts).toMatchObject({ sortKeys: 1 });
    expect(await picked('上')).toEqual(['上海贸易']);
  });

  test('numbers sort as numbers: Acme 1, Acme 2, Acme 10, Acme 100 in find and the picker, files keyed before re-keyed at start-up', async () => {
    await createAll(['Acme 100', 'Acme 2', 'Acme 10', 'Acme 1']);
    const natural = ['Acme 1', 'Acme 2', 'Acme 10', 'Acme 100'];
    expect((await found('acme')).names).toEqual(natural);
    expect(await picked('acme')).toEqual(natural);
    // A prefix ending in digits offers the numbers it begins, in order (not Acme 2).
    expect(await picked('acme 1')).toEqual(['Acme 1', 'Acme 10', 'Acme 100']);
    expect(await picked('Acme 10')).toEqual(['Acme 10', 'Acme 100']);
    expect(await picked('acme 100')).toEqual(['Acme 100']);
    expect(await picked('acme 3')).toEqual([]);

    // As the version before saved them: digits as characters (Acme 1, 10, 100, 2).
    for (const name of natural)
      await app.db.models.customers.updateOne(
        { teamId: FAKE_TEAM_ID, name },
        { $set: { sortKey: nameKey(name), sortKeyVersion: 2 } },
      );
    expect((await found('acme')).names).toEqual(['Acme 1', 'Acme 10', 'Acme 100', 'Acme 2']);
    const next = app.instance('upgraded');
    await next.start();
    await next.stop();
    expect((await found('acme')).names).toEqual(natural);
    expect(await picked('acme 1')).toEqual(['Acme 1', 'Acme 10', 'Acme 100']);
  });

  test('a file an older instance renames during an upgrade is keyed by its new name the next minute', async () => {
    await createAll(['北京贸易', '上海贸易']);
    const shenzhen = await makeCustomer(app, { name: '深圳光学' });
    // As an instance of a version without sort keys renames it: name, name key and search terms,
    // the sort key left as it was (深圳光学's).
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code: shenzhen.code },
      {
        $set: {
          name: '阿里巴巴光学',
          nameKey: nameKey('阿里巴巴光学'),
          searchTerms: searchTerms({
            code: shenzhen.code,
            name: '阿里巴巴光学',
            contactNames: [],
            tags: [],
          }),
        },
        $inc: { revision: 1 },
      },
    );
    // Until the job keys it, it sorts under its old name (shen, after bei and shang).
    expect((await found('C')).names).toEqual(['北京贸易', '上海贸易', '阿里巴巴光学']);

    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
    expect(run!.counts).toMatchObject({ sortKeys: 1 });
    expect((await found('C')).names).toEqual(['阿里巴巴光学', '北京贸易', '上海贸易']);
    expect(await picked('阿')).toEqual(['阿里巴巴光学']);
    expect(await picked('深')).toEqual([]);

    // Keyed once: the next minute finds nothing to key.
    const [again] = await runJobAt(app, slaAlertsJob, '2026-11-24T02:02:00Z');
    expect(again!.counts).not.toHaveProperty('sortKeys');
  });

  // The minute's look reads the files saved in the last hour only (a file's name against its key's
  // source has no index); one renamed longer ago is found by the next start-up's look at all.
  test('a rename saved over an hour before the minute job is left to the next start-up', async () => {
    await createAll(['北京贸易', '上海贸易']);
    const { code } = (await app.db.models.customers
      .findOne({ teamId: FAKE_TEAM_ID, name: '上海贸易' })
      .lean())!;
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code },
      {
        $set: {
          name: '阿里巴巴光学',
          nameKey: nameKey('阿里巴巴光学'),
          updatedAt: new Date('2026-11-24T00:59:00Z'),
        },
      },
      { timestamps: false },
    );
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T02:00:00Z');
    expect(run!.counts).not.toHaveProperty('sortKeys');
    expect((await found('C')).names).toEqual(['北京贸易', '阿里巴巴光学']);

    const next = app.instance('restarted');
    await next.start();
    await next.stop();
    expect((await found('C')).names).toEqual(['阿里巴巴光学', '北京贸易']);
  });

  test('files keyed before the key recorded its name are keyed again once, at start-up', async () => {
    await createAll(TRADERS);
    // As the previous version keyed them: a sort key without the name it was computed from.
    await app.db.models.customers.updateMany(
      { teamId: FAKE_TEAM_ID },
      { $unset: { sortKeyOf: '' } },
    );
    // One of them renamed meanwhile by an instance of a version without sort keys.
    const { code } = (await app.db.models.customers
      .findOne({ teamId: FAKE_TEAM_ID, name: '上海贸易' })
      .lean())!;
    await app.db.models.customers.updateOne(
      { teamId: FAKE_TEAM_ID, code },
      { $set: { name: '安徽贸易', nameKey: nameKey('安徽贸易') } },
    );
    const next = app.instance('upgraded');
    await next.start();
    await next.stop();
    const docs = await app.db.models.customers.find({ teamId: FAKE_TEAM_ID }).lean();
    expect(docs.filter((d) => d.sortKeyOf !== d.nameKey)).toEqual([]);
    expect(docs.find((d) => d.code === code)!.sortKey).toBe(nameSortKey(nameKey('安徽贸易')));
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T02:01:00Z');
    expect(run!.counts).not.toHaveProperty('sortKeys');
  });
});

describe('tags in use in pinyin order', () => {
  test("the customer modal's pick list offers tags used as often by pinyin", async () => {
    for (const tag of ['物流', '电子', '贸易', '机械'])
      await makeCustomer(app, { name: `${tag}公司`, industryTags: [tag] });
    await makeCustomer(app, { name: 'Valves Co', industryTags: ['Valves', 'manufacturing'] });
    await app.slack.command('/customer', 'new');
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as any;
    const block = view.blocks.find((b: any) => b.block_id === 'industry_tags');
    // The manuals' suggestions first, then the tags in use: Latin as before, then by pinyin
    // (dian, ji, mao, wu; by code point 机 物 电 贸).
    expect(block.element.options.map((o: any) => o.value)).toEqual([
      'manufacturing',
      'retail',
      'Valves',
      '电子',
      '机械',
      '贸易',
      '物流',
    ]);
  });
});

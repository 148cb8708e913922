/**
 * Forms as people meet them through the real Bolt path (#13 "Forms and lists"): the "Create
 * ticket" shortcut's title cut at a word, an action modal that names its ticket and says what
 * its button does, one primary button on the card, and the New customer modal in sections.
 */
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { latestCard } from '../helpers/clicks.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

type View = {
  title: { text: string };
  submit?: { text: string };
  blocks: any[];
};

const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
const input = (view: View, id: string) => view.blocks.find((b) => b.block_id === id);

/** The ticket's card as Slack shows it now: the last update, else the post. */
const currentCard = () => latestCard(app, TRIAGE);

function cardButtons(card: { blocks: any[] }): { text: string; style?: string }[] {
  const row = card.blocks.find((b) => b.type === 'actions');
  return (row?.elements ?? [])
    .filter((e: any) => e.type === 'button')
    .map((e: any) => ({ text: e.text.text, style: e.style }));
}

describe('"Create ticket" on a message: the title is its first line, cut at a word', () => {
  test('English: never mid-word, links and mentions as people read them; the ticket keeps it', async () => {
    const code = (await makeCustomer(app)).code;
    const text =
      '<@U0CUST0001|wang> says the spindle on &lt;line 3&gt; stops every morning after the warm-up cycle and shows E42\nPhoto: <https://files.example/p.jpg|photo>';
    await app.slack.messageShortcut('ticket_from_message', { text }, { userId: AGENT });
    const view = lastOpened();
    const title = input(view, 'title').element.initial_value as string;
    expect(title).toBe(
      '@wang says the spindle on <line 3> stops every morning after the warm-up cycle…',
    );
    expect(title.length).toBeLessThanOrEqual(80);
    expect(input(view, 'description').element.initial_value).toBe(
      '@wang says the spindle on <line 3> stops every morning after the warm-up cycle and shows E42\nPhoto: photo',
    );
    expect(view.submit!.text).toBe('Create ticket');
    const res = await app.slack.submitView(view, { customer: code }, { userId: AGENT });
    expect(res.body).toBe('');
    const saved = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID }).lean();
    // (the text kinds fold to NFKC today, which stores the ellipsis as "...": the words lane's)
    expect(saved!.title.startsWith(title.slice(0, -1))).toBe(true);
  });

  test('Chinese, in a Chinese workspace: at a word, an emoji kept whole', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const text =
      '🚨 上海华东机械有限公司三号生产线的主轴每天早上预热结束后停机，控制面板显示错误代码 E42，请尽快安排服务工程师到现场检查处理，谢谢 👨‍👩‍👧‍👦 另外二号线也有类似情况，需要一并检查。';
    await app.slack.messageShortcut('ticket_from_message', { text }, { userId: AGENT });
    const view = lastOpened();
    const title = input(view, 'title').element.initial_value as string;
    expect(title).toBe(
      '🚨 上海华东机械有限公司三号生产线的主轴每天早上预热结束后停机，控制面板显示错误代码 E42，请尽快安排服务工程师到现场检查处理，谢谢…',
    );
    expect(text.startsWith(title.slice(0, -1))).toBe(true);
    expect(view.title.text).toBe('新建工单');
    expect(view.submit!.text).toBe('创建工单');
  });
});

describe('action modals name their ticket; the card has one primary button', () => {
  test('Resolve: "Resolve T…", the ticket first, a Resolve button; then the card waits, Close last', async () => {
    const ticket = await makeTicket(app, { title: 'Valve leaks after install' });
    const click = (action_id: string) =>
      app.slack.blockAction(
        { action_id, value: ticket.number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
    // new: Claim is the one primary button
    expect(cardButtons(currentCard()).filter((b) => b.style === 'primary')).toEqual([
      { text: 'Claim', style: 'primary' },
    ]);
    await click('ticket_claim');
    expect(cardButtons(currentCard()).filter((b) => b.style === 'primary')).toEqual([
      { text: 'Resolve', style: 'primary' },
    ]);

    await click('ticket_resolve_open');
    const view = lastOpened();
    expect(view.title.text).toBe(`Resolve ${ticket.number}`);
    expect(view.submit!.text).toBe('Resolve');
    expect(view.blocks[0].text.text).toBe(
      `*${ticket.number}* · Valve leaks after install\nHuadong Machinery (${ticket.customerCode}) · :white_circle: General`,
    );
    expect(input(view, 'resolution').element.placeholder.text).toMatch(/^e\.g\. /);

    const res = await app.slack.submitView(
      view as unknown as Record<string, unknown>,
      { resolution: 'Replaced the gasket' },
      { userId: AGENT },
    );
    expect(res.body).toBe('');
    expect((await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.status).toBe(
      'resolved',
    );
    // Resolved: no primary button (it waits on the requester's reopen window, then the desk
    // closes it); New task (a follow-up), then Close last, and Slack asks before it ends that
    // window.
    expect(cardButtons(currentCard())).toEqual([
      { text: 'Reopen', style: undefined },
      { text: 'Add note', style: undefined },
      { text: 'New task', style: undefined },
      { text: 'Close', style: undefined },
    ]);
  });
});

describe('/customer new: a long form in sections', () => {
  test('headings in order, required fields first, examples in the inputs, no "(optional)" in labels; tags come back as chips', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = lastOpened();
    expect(view.blocks.filter((b) => b.type === 'header').map((b) => b.text.text)).toEqual([
      'Basics',
      'Owner and source',
      'Company',
      'Primary contact',
      'Commercial',
    ]);
    const inputs = view.blocks.filter((b) => b.type === 'input');
    // 16 fields, and each tag family's pick list has a free-text input beside it.
    expect(inputs).toHaveLength(22);
    expect(input(view, 'industry_tags').element.type).toBe('multi_static_select');
    const firstOptional = inputs.findIndex((b) => b.optional);
    expect(inputs.slice(firstOptional).every((b) => b.optional)).toBe(true);
    expect(input(view, 'name').element.placeholder.text).toBe(
      'e.g. Shanghai Huadong Machinery Co., Ltd.',
    );
    for (const b of inputs) {
      expect(b.label.text).not.toMatch(/optional|comma/i);
      expect(b.element.placeholder?.text, b.block_id).toBeTruthy();
    }
    expect(view.submit!.text).toBe('Add customer');

    const res = await app.slack.submitView(
      view as unknown as Record<string, unknown>,
      {
        name: 'Shanghai Huadong Machinery',
        industry: 'Manufacturing',
        source: 'referral',
        first_contact: '2026-11-20',
        tags: 'high-value，价格敏感, `odd`',
      },
      { userId: OWNER },
    );
    expect(res.body).toBe('');
    const [reply] = app.fake.callsTo('response_url');
    expect(JSON.stringify(reply!.args.blocks)).toContain("Tags: `high-value` `价格敏感` `'odd'`");
  });
});

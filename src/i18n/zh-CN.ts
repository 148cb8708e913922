import type { MessageKey } from './en.js';

/** Simplified Chinese messages; must have exactly the keys of en.ts. */
export const zhCN: Record<MessageKey, string> = {
  'help.ticket.title': '*/ticket*：服务工单',
  'help.customer.title': '*/customer*：客户档案',
  'help.sub.help': '显示本帮助',
  'help.footer': '此类回复仅你本人可见。',
  'command.unknown': '无法识别命令 `{command} {sub}`。可用的命令：{valid}。',
  'error.internal':
    '系统出现问题，本次操作未做任何更改。请重试；如果问题持续，请把此参考编号提供给管理员：`{ref}`。',
  'error.dbUnavailable':
    '暂时无法连接数据库，本次操作未做任何更改。请稍后重试（参考编号 `{ref}`）。',
  'error.slackRefused':
    'Slack 拒绝了该请求（{detail}），本次操作未做任何更改。请重试（参考编号 `{ref}`）。',
  'home.title': '客户服务台',
  'home.intro': '一个客户一份档案：在 Slack 里建立服务工单、解决后按时回访，无需离开 Slack。',
  'home.commands': '*命令*',
  'home.footer': '工作区时区：{timeZone} · 语言：{locale}',
};

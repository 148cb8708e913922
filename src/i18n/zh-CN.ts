import type { MessageKey } from './en.js';

/** Simplified Chinese messages; must have exactly the keys of en.ts. */
export const zhCN: Record<MessageKey, string> = {
  'help.ticket.title': '*/ticket*：服务工单',
  'help.task.title': '*/task*：跟进与维护任务',
  'help.customer.title': '*/customer*：客户档案',
  'help.arg.text': '文本',
  'help.arg.title': '标题',
  'help.arg.group': '分组',
  'help.arg.customer': '客户',
  'help.arg.contact': '联系人',
  'help.arg.period': '期间',
  'help.sub.help': '显示本帮助',
  'help.adminsOnly': '_（仅管理员：请联系 {admins}）_',
  'help.adminsOnlyNone': '_（仅管理员）_',
  'help.adminsOnlyMore': '_（仅管理员：请联系 {admins} 或另外 {count, number} 位管理员中的一位）_',
  'help.footer': '此类回复仅你本人可见。',
  'help.guestElsewhere':
    '`{command}` 仅供服务台员工使用。`{help}` 列出你在这里可以做的事：提出请求并跟进进度。',
  'help.dm.intro':
    '我不读取这里的消息：提醒和告警会发到这个对话里，请在任意频道或这里使用以下命令。',
  'command.tooLong':
    '`{command}` 最多读取 {max, number} 个字符，本条命令超出，因此未做任何操作。请缩短内容，或改用表单（`{command} help` 可查看）。',
  'command.extraWords': '此处不接受 `{extra}`，因此未做任何操作。用法：',
  'command.unknown': '无法识别命令 `{command} {sub}`。可用的命令：{valid}。',
  'customer.unknownFindHint': '按名称、联系人或标签查找客户：`/customer find {text}`。',
  'error.internal':
    '{unchanged, select, yes {系统出现问题，本次操作未做任何更改。请重试；如果问题持续，请把此参考编号提供给管理员：`{ref}`。} other {系统出现问题，本次操作可能未保存：请先核对再重试；如果问题持续，请把此参考编号提供给管理员：`{ref}`。}}',
  'error.unreadable':
    'Slack 发来的内容本应用无法读取，本次操作未做任何更改。请重试（参考编号 `{ref}`）。',
  'error.dbUnavailable':
    '{unchanged, select, yes {暂时无法连接数据库，本次操作未做任何更改。请稍后重试（参考编号 `{ref}`）。} other {暂时无法连接数据库，本次操作可能未保存：请先核对，稍后再重试（参考编号 `{ref}`）。}}',
  'error.slackRefused':
    '{unchanged, select, yes {Slack 拒绝了该请求（{detail}），本次操作未做任何更改。请重试（参考编号 `{ref}`）。} other {Slack 拒绝了该请求（{detail}），本次操作可能未保存：请先核对再重试（参考编号 `{ref}`）。}}',
  'home.title': '客户服务台',
  'home.introGuest': '向服务团队求助并跟进您的请求，无需离开 Slack。',
  'home.intro': '一个客户一份档案：在 Slack 里建立服务工单、解决后按时回访，无需离开 Slack。',
  'home.triage': '新工单发布在 <#{channel}>：在那里从工单卡片上认领。',
  'home.commands': '*命令*',
  'home.outbox.ok': '服务台发出的所有 Slack 消息都已送达。',
  'home.outbox.pending': '有 {count, number} 条 Slack 消息等待送达（会自动重试）。',
  'home.outbox.edits':
    '正在编辑服务台的 {count, number} 条旧消息，去除已匿名化的内容（保留期限到期或个人数据已删除）：例行处理，排在其他消息之后发送。',
  'home.outbox.dead':
    ':warning: *有 {count, number} 条 Slack 消息重试多次后仍未送达。* 首个原因：`{error}`（发往 {to}）。请先排除原因（把应用邀请进频道、设置频道），再重新发送。',
  'home.outbox.deadFailing':
    ':warning: *有 {count, number} 条 Slack 消息重试多次后仍未送达。* 首个原因：`{error}`（发往 {to}）：这是 Slack 本身出错（服务故障或未及时响应），不是消息的问题，无需修复。待 Slack 恢复响应后再重新发送。',
  'home.outbox.deadFailingToo':
    ':warning: 另有 {count, number} 条 Slack 消息因 Slack 本身出错（服务故障或未及时响应）未能送达，不是消息的问题。首个原因：`{error}`（发往 {to}）。这些消息无需修复：待 Slack 恢复响应后，用同一按钮与其他消息一起重新发送。',
  'home.outbox.deadPerson':
    ':warning: *有 {count, number} 条 Slack 消息未能送达。* 首个原因：`{error}`（发往 {to}）：Slack 已不再向此人投递（账号已停用、已移除或是机器人），发给此人的消息会立即放弃，不再重试。请把此人的工单和任务转交他人；待此人恢复后再重新发送。',
  'home.outbox.editsDead':
    ':warning: 服务台有 {count, number} 条旧消息的编辑（去除保留期限到期或个人数据删除后从工单中去掉的内容）未能完成：Slack 拒绝了编辑，首个原因：`{error}`（在 {to}）。在编辑完成之前，这些消息仍显示那些内容。请先排除原因（把应用邀请进频道、取消频道归档），再重新发送。这些编辑不计入未送达的消息。',
  'home.outbox.resend': '重新发送',
  'permission.denied.ticket': '你无法在此工作区创建工单。',
  'permission.denied.claim':
    '只有一线客服、二线专家和主管可以认领工单。管理员可以用 `/desk roles` 为你分配角色。',
  'permission.denied.claimAsk':
    '只有一线客服、二线专家和主管可以认领工单：请联系 {admins}，在 `/desk roles` 中为你分配角色。',
  'permission.denied.assigneeOrManager':
    '只有{assigned, select, yes {处理人（<@{user}>）} other {处理人}}或主管可以{action, select, reassign {转派该工单} escalate {升级该工单} wait {将该工单设为等待客户} resume {恢复处理该工单} resolve {解决该工单} close {关闭该工单} merge {将该工单合并到其他工单} followers {更改该工单的关注人} contact {记录与客户的联系} plan {给出方案与时间节点} classify {对该工单分类} seePersonal {查看该工单的联系信息} other {对该工单执行此操作}}。',
  'permission.denied.note': '只有服务团队、客户经理和报告人可以为该工单添加备注。',
  'permission.denied.respond': '只有服务团队和客户经理可以代表服务台答复报告人。',
  'permission.denied.reopen':
    '只有处理人、主管，或在解决后 {days, number} 天内的报告人可以重新打开该工单。',
  'permission.denied.customerCreate':
    '只有一线客服、二线专家、客户经理和主管可以新建客户。管理员可以用 `/desk roles` 为你分配角色。',
  'permission.denied.customerCreateAsk':
    '只有一线客服、二线专家、客户经理和主管可以新建客户：请联系 {admins}，在 `/desk roles` 中为你分配角色。',
  'permission.denied.customerEdit': '只有服务团队、负责人（<@{owner}>）和主管可以修改该客户。',
  'permission.denied.customerInteraction':
    '只有服务团队、负责人（<@{owner}>）和主管可以记录与该客户的互动。',
  'permission.denied.taskPlan':
    '你只能为自己负责的客户安排任务，而你目前没有负责的客户。一线客服、二线专家和主管可以为任何客户安排任务：管理员可以用 `/desk roles` 为你分配角色。',
  'permission.denied.taskPlanAsk':
    '你只能为自己负责的客户安排任务，而你目前没有负责的客户。一线客服、二线专家和主管可以为任何客户安排任务：请联系 {admins}，在 `/desk roles` 中为你分配角色。',
  'permission.denied.customerTask':
    '只有服务团队、负责人（<@{owner}>）和主管可以为该客户安排任务。',
  'permission.denied.customerOrder': '只有负责人（<@{owner}>）和主管可以为该客户录入订单。',
  'permission.denied.customerCommercial': '只有负责人（<@{owner}>）或主管可以修改此项。',
  'permission.denied.admin':
    '只有服务台管理员可以{action, select, settings {查看或修改服务台设置} roles {查看或修改角色} channels {管理客户频道} refusedChannel {忽略 Slack 拒绝服务台发消息的频道} privacy {处理数据主体请求并查看隐私日志} other {执行此操作}}。',
  'permission.denied.adminAsk':
    '只有服务台管理员可以{action, select, settings {查看或修改服务台设置} roles {查看或修改角色} channels {管理客户频道} refusedChannel {忽略 Slack 拒绝服务台发消息的频道} privacy {处理数据主体请求并查看隐私日志} other {执行此操作}}：请联系 {admins}。',
  'permission.denied.noAdmin':
    '本服务台还没有管理员，因此无人能修改设置或角色。请运行服务台服务器的人执行 `npm run admins -- --team {team} --add {user}` 把你设为管理员（也可在工作区首次使用服务台之前，把你的 ID 填入 `ADMIN_USER_IDS`）。',
  'permission.denied.roleNoAdmin':
    '只有{refused, select, claim {一线客服、二线专家和主管可以认领工单} customerCreate {一线客服、二线专家、客户经理和主管可以新建客户} taskPlan {一线客服、二线专家、主管和客户的客户经理可以安排任务} report {服务台主管和管理员可以查看报告} handover {服务台主管和管理员可以移交他人的工作} other {拥有服务台角色的人可以执行此操作}}。本服务台还没有管理员为你分配角色：请运行服务台服务器的人执行 `npm run admins -- --team {team} --add {user}` 把你设为管理员（也可在工作区首次使用服务台之前，把你的 ID 填入 `ADMIN_USER_IDS`），然后你在 `/desk roles` 中为自己分配角色。',
  'permission.denied.guest':
    '你是本工作区的访客，访客不能处理服务台事务：新建或修改客户、认领或处理工单、记录互动和安排任务都只限工作区成员。你仍然可以提交工单并跟进自己的工单。',
  'permission.denied.guestUnknown':
    'Slack 未能及时告知你是本工作区的成员还是访客，因此没有做任何更改。请稍后重试。',
  'permission.denied.guestUnchecked':
    '本服务台无法向 Slack 确认你是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此只有拥有服务台角色的人才能在这里做更改。请联系服务台管理员在 `/desk roles` 中为你分配角色，或重新安装应用以授予 `users:read` 权限（应用清单已包含该权限）：工作区从服务台的安装页面安装的，从该页面重新安装；服务台使用单个机器人令牌运行的，在 Slack 的应用设置中重新安装（`Install App`，`Reinstall to Workspace`），如果 Slack 给出了新令牌，请将其填入 `SLACK_BOT_TOKEN`。',
  'permission.denied.guestUncheckedAsk':
    '本服务台无法向 Slack 确认你是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此只有拥有服务台角色的人才能在这里做更改。请联系 {admins}，在 `/desk roles` 中为你分配角色，或请其重新安装应用以授予 `users:read` 权限（应用清单已包含该权限）：工作区从服务台的安装页面安装的，从该页面重新安装；服务台使用单个机器人令牌运行的，在 Slack 的应用设置中重新安装（`Install App`，`Reinstall to Workspace`），如果 Slack 给出了新令牌，请将其填入 `SLACK_BOT_TOKEN`。',
  'permission.denied.guestUncheckedNoAdmin':
    '本服务台无法向 Slack 确认你是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此只有拥有服务台角色的人才能在这里做更改。本服务台还没有管理员为你分配角色：请运行服务台服务器的人执行 `npm run admins -- --team {team} --add {user}` 把你设为管理员（也可在工作区首次使用服务台之前，把你的 ID 填入 `ADMIN_USER_IDS`），然后你在 `/desk roles` 中为自己分配角色。也可以重新安装应用以授予 `users:read` 权限（应用清单已包含该权限）：工作区从服务台的安装页面安装的，从该页面重新安装；服务台使用单个机器人令牌运行的，在 Slack 的应用设置中重新安装（`Install App`，`Reinstall to Workspace`），如果 Slack 给出了新令牌，请将其填入 `SLACK_BOT_TOKEN`。',
  'permission.denied.guestRead':
    '你是本工作区的访客，访客只能查看自己的工单：服务台的列表、客户和他人的工单只限工作区成员查看。你自己的工单请用 `/ticket requests` 查看。',
  'permission.denied.guestReadUnknown':
    'Slack 未能及时告知你是本工作区的成员还是访客，因此服务台暂时只显示你自己的工单（`/ticket requests`）。请稍后重试。',
  'permission.denied.guestReadUnchecked':
    '本服务台无法向 Slack 确认你是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此只有拥有服务台角色的人才能查看它的列表和客户；你自己的工单请用 `/ticket requests` 查看。请联系服务台管理员在 `/desk roles` 中为你分配角色，或重新安装应用以授予 `users:read` 权限（应用清单已包含该权限）：工作区从服务台的安装页面安装的，从该页面重新安装；服务台使用单个机器人令牌运行的，在 Slack 的应用设置中重新安装（`Install App`，`Reinstall to Workspace`），如果 Slack 给出了新令牌，请将其填入 `SLACK_BOT_TOKEN`。',
  'permission.denied.guestReadUncheckedAsk':
    '本服务台无法向 Slack 确认你是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此只有拥有服务台角色的人才能查看它的列表和客户；你自己的工单请用 `/ticket requests` 查看。请联系 {admins}，在 `/desk roles` 中为你分配角色，或请其重新安装应用以授予 `users:read` 权限（应用清单已包含该权限）：工作区从服务台的安装页面安装的，从该页面重新安装；服务台使用单个机器人令牌运行的，在 Slack 的应用设置中重新安装（`Install App`，`Reinstall to Workspace`），如果 Slack 给出了新令牌，请将其填入 `SLACK_BOT_TOKEN`。',
  'permission.denied.guestReadUncheckedNoAdmin':
    '本服务台无法向 Slack 确认你是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此只有拥有服务台角色的人才能查看它的列表和客户；你自己的工单请用 `/ticket requests` 查看。本服务台还没有管理员为你分配角色：请运行服务台服务器的人执行 `npm run admins -- --team {team} --add {user}` 把你设为管理员（也可在工作区首次使用服务台之前，把你的 ID 填入 `ADMIN_USER_IDS`），然后你在 `/desk roles` 中为自己分配角色。也可以重新安装应用以授予 `users:read` 权限（应用清单已包含该权限）：工作区从服务台的安装页面安装的，从该页面重新安装；服务台使用单个机器人令牌运行的，在 Slack 的应用设置中重新安装（`Install App`，`Reinstall to Workspace`），如果 Slack 给出了新令牌，请将其填入 `SLACK_BOT_TOKEN`。',
  'permission.denied.externalRead':
    '服务台的列表、客户档案和他人的工单仅供服务团队查看：您的请求进展会在对应的对话中告知您。',
  'permission.target.notStaff':
    '此人不在服务团队中。请选择一线客服、二线专家或主管（管理员可用 /desk roles 分配角色）。',
  // Reassign to whom holds the ticket already (revtickets F5, wave p33). Plain text (an inline
  // error): no mention.
  'ticket.reassign.error.hasItAlready': '此人已是工单 {number} 的处理人，请选择其他人。',
  'permission.target.unfit':
    '{reason, select, bot {{name}是机器人} deactivated {{name}的账号已停用} external {{name}是其他组织的人员（Slack Connect），只有本工作区的人员处理工单} other {{name}是本工作区的访客，访客不处理工单}}：请选择工作区成员。',
  'permission.target.unknown':
    'Slack 未能及时告知此人是本工作区的成员还是访客，因此没有做任何更改。请稍后重试。',
  'permission.target.unchecked':
    '本服务台无法向 Slack 确认此人是本工作区的成员还是访客（应用安装时没有 `users:read` 权限），因此工单只能交给拥有服务台角色的人。请另选一人，或请管理员在 `/desk roles` 中为此人分配角色。',
  'permission.target.notExpert': '此人不是二线专家。请选择一位专家，或留空由服务台自动选择。',
  'ticket.hint.expertAuto': '留空：服务台会选择技能匹配该工单的专家，否则选择未结工单最少的专家。',
  'ticket.dm.assigned':
    '{customer}的{severity}工单 {number} 已转给你（L{level}），来自 <@{by}>：{title}',
  'ticket.dm.resumedToAssignee':
    '{customer}的工单 {number}（“{title}”）已恢复处理：{who, select, requester {<@{by}> 已在对话中回复} colleague {客户方的 <@{by}> 已在对话中回复} other {<@{by}> 已恢复处理}}。不再等待客户，SLA 计时继续。',
  'ticket.dm.resumedAtErasure':
    '{customer}的工单 {number}（“{title}”）已恢复处理：其报告人的个人数据已被删除，无人再能答复，服务台因此恢复了处理。不再等待客户，SLA 计时继续。',
  'ticket.dm.reopenedToAssignee':
    '{customer}的工单 {number}（“{title}”）已重新打开，仍由你处理：{who, select, requester {<@{by}> 表示问题未解决} colleague {客户方的 <@{by}> 在对话中再次留言} other {<@{by}> 已重新打开}}。',
  // The requester's DM with the app added to their ticket (F2, wave p33).
  'ticket.dm.wroteToAssignee':
    '{customer}的工单 {number}（“{title}”）：<@{by}> 通过私信发来消息，已加入工单：{text}',
  'ticket.dm.keptNote':
    '{customer}的工单 {number}（“{title}”）{status, select, closed {已关闭} other {已解决}}，{count, plural, one {Slack 始终未说明身份（同事或访客）的{named, select, no {某人（其个人数据已被删除）} other { <@{by}> }}在其客户会话中留言：内容已作为备注保存在工单上，工单未重新打开。请在工单中查看。} other {几分钟内，Slack 始终未说明身份（同事或访客）的人在其客户会话中留言 # 条{named, select, no {} other {（第一条来自 <@{by}>）}}：内容均已作为备注保存在工单上，工单未重新打开。请在工单中查看。}}',
  'ticket.dm.keptNoteSince':
    '留言之后，{who, select, requester {<@{by}> 表示问题未解决并重新打开了工单} colleague {客户方的 <@{by}> 在对话中再次留言，工单因此重新打开} revisit {回访发现问题未解决，服务台重新打开了工单} desk {服务台重新打开了工单} other {<@{by}> 重新打开了工单}}，随后{merged, select, yes {工单已合并到 {into}} other {{resolver, select, desk {工单已再次解决} other {<@{resolver}> 已再次解决}}{closed, select, yes {并已关闭} other {}}}}：工单现未处于打开状态，SLA 计时已停止。',
  'ticket.dm.reopenedForRevisit':
    '{customer}的工单 {number}（“{title}”）已重新打开，仍由你处理：回访发现问题未解决，服务台因此重新打开了它。',
  'ticket.dm.upgradeHanded':
    '你已解决{customer}的工单 {number}：升级意向已转交 <@{assignee}>，任务 {date} 到期。',
  'ticket.dm.upgradeUpdated':
    '你已解决{customer}的工单 {number}：已更新档案中的升级意向，<@{assignee}> 已有对应任务，{date} 到期。',
  'ticket.dm.handedAway':
    ':arrow_right: <@{by}> {action, select, escalate {已把你负责的{customer}的工单 {number}（“{title}”）升级到 L{level}，现由 <@{to}> 负责} other {已把你负责的{customer}的工单 {number}（“{title}”）转交给 <@{to}>}}，它不再由你负责。请在工单话题中交接你已了解的情况。',
  'ticket.dm.assignedReason': '原因：{text}',
  'ticket.dm.responseDue':
    '{late, select, yes {首次响应已于 {due} 超时} other {首次响应时限：{due}}}',
  'ticket.dm.replyDue': '{late, select, yes {答复客户已于 {due} 超时} other {答复客户时限：{due}}}',
  'ticket.dm.resolutionDue': '{late, select, yes {解决已于 {due} 超时} other {解决时限：{due}}}',
  'ticket.dm.duePaused': '等待客户期间，SLA 计时已暂停。',
  'ticket.dm.replyPaused':
    '{who, select, requester {报告人 <@{by}> 表示问题未解决并重新打开了工单} revisit {回访发现问题未解决，服务台重新打开了工单} desk {服务台重新打开了工单} staff {<@{by}> 重新打开了工单} someone {工单已被重新打开} other {客户再次来信}}，待答复：{clock}',
  'help.desk.title': '*/desk*：管理服务台（管理员和主管）',
  'help.desk.roles': '设置管理员、主管、一线客服、二线专家（及技能）和客户经理',
  'roles.title': '角色',
  'roles.intro':
    '服务台的分工。管理员修改设置和角色；主管查看团队队列并可处理任何工单；一线客服和二线专家认领并处理工单；客户经理新建并负责客户。',
  'roles.field.admins': '管理员',
  'roles.hint.admins': '修改设置和角色。至少一位。',
  'roles.field.managers': '主管',
  'roles.hint.managers': '查看团队队列，转派和关闭任何工单，调整客户等级。',
  'roles.field.agents': '一线客服（L1）',
  'roles.hint.agents': '认领并处理工单。',
  'roles.field.open_desk': '开放服务台',
  'roles.openDesk': '工作区内所有人都可以作为一线客服处理工单',
  'roles.field.account_managers': '客户经理',
  'roles.hint.account_managers': '新建并负责客户；客户的负责人即其客户经理（L3）。',
  'roles.field.experts': '二线专家（L2）',
  'roles.hint.experts':
    '升级时优先转给技能匹配工单的专家，否则转给未结工单最少的专家。每位专家下方有技能栏。',
  'roles.field.skills': '技能或产品线',
  'roles.hint.skills':
    '用逗号分隔：工单类型（投诉、售后……）或工单标题中的词，如：账单、ERP、打印机。',
  'roles.error.users': '请从列表中选择人员。',
  'roles.error.unfit':
    '{bots, select, none {} other {机器人不能担任服务台角色：{bots}。}}{deactivated, select, none {} other {已停用的账号不能担任：{deactivated}。}}{guests, select, none {} other {访客不能担任（其账号只限部分频道，而角色可看到所有客户）：{guests}。}}{external, select, none {} other {其他组织的人员不能担任（Slack Connect：角色可看到所有客户的工单）：{external}。}}请从此列表中移除。',
  'roles.error.linksChangedMeanwhile':
    '你打开表单后，有人修改了{named, select, yes {主管{user}所管理的人员} other {成员 ID 为 {user} 的主管所管理的人员}}：请关闭后重新打开，查看其修改后再做更改。',
  'roles.error.skillsChangedMeanwhile':
    '你打开表单后，有人修改了{named, select, yes {专家{user}的技能} other {成员 ID 为 {user} 的专家的技能}}：请关闭后重新打开，查看其修改后再做更改。',
  'roles.error.removedMeanwhile':
    '你打开表单后，有人已将此人从列表中移除：请关闭后重新打开，查看其修改后再做更改。',
  'roles.error.noAdmin': '请至少保留一位管理员，否则无人能再修改角色。',
  'roles.error.noAdminMeanwhile':
    '你打开表单后，有人修改了管理员：加上其修改和你的修改，将不再有管理员，也就无人能再修改角色。请关闭后重新打开，查看其修改后再做更改。',
  'roles.error.skillsMeanwhile':
    '你打开表单后，有人修改了这些技能：加上其修改和你的修改，将有 {count} 项技能，最多 {max} 项。请关闭后重新打开，查看其修改后再做更改。',
  'roles.error.standInMeanwhile':
    '你打开表单后，有人修改了{list, select, admins {管理员} other {主管}}：加上其修改和你的修改，{named, select, yes {将由{user}代为负责访客所负责的客户} other {将由成员 ID 为 {user} 的人代为负责访客所负责的客户}}（由第一位主管代为负责，没有主管时由第一位管理员），而你们都没有这样安排。请关闭后重新打开，查看其修改后再做更改。',
  'roles.error.skills': '最多 {max} 项技能，每项不超过 {length} 个字符。',
  'roles.saved':
    '角色已保存：管理员 {admins, number} 位，主管 {managers, number} 位，一线客服 {agents, number} 位，二线专家 {experts, number} 位，客户经理 {accountManagers, number} 位。{desk}',
  'roles.stranded':
    ':warning: <@{user}> 已不再处理工单，但仍有 {count, number} 张未结工单：{tickets}。请在工单卡片上改派，或重新给 TA 分配角色。',
  'roles.stranded.more': '等另外 {count, number} 张',
  'roles.saved.open': '所有人都可以处理工单。',
  'roles.saved.closed': '只有一线客服、二线专家和主管处理工单。',
  'settings.field.admins': '管理员',
  'settings.field.managers': '主管',
  'settings.field.agents': '一线客服（L1）',
  'settings.field.account_managers': '客户经理',
  'settings.field.experts': '二线专家（L2）及技能',
  'settings.field.open_desk': '开放服务台',
  'outbox.forbidden': '只有主管或管理员可以查看或重新发送未送达的消息。',
  'outbox.resendForbidden':
    '只有主管或管理员可以重新发送未送达的消息：请他们在应用主页上点“重新发送”。',
  'outbox.resendForbiddenAsk':
    '只有主管或管理员可以重新发送未送达的消息：请 {people} 在应用主页上点“重新发送”。',
  'outbox.channelRefused':
    ':warning: Slack 于 {at} 拒绝服务台在 {channel} 发消息：`{error}`。{fix, select, invite {应用不在该频道中：请把应用邀请进去（在频道中用 `/invite` 邀请应用）} unarchive {该频道已归档：请取消归档} other {该频道已不存在，或是应用不在其中的私有频道：请把应用邀请进去}}，或在 `/desk settings` 中换一个频道。在此之前，服务台会保留发往该频道的消息并逐条自动重试，间隔逐次拉长，直到 Slack 拒绝同一条消息 {tries, number} 次（两小时或更久）；届时仍未送达的消息会列在应用主页的“未送达的消息”中，频道修好后按“重新发送”即可。消息不会丢失。',
  'outbox.editsRefused':
    ':warning: Slack 于 {at} 拒绝服务台在 {channel} 发消息：`{error}`。{fix, select, invite {应用不在该频道中：请把应用邀请进去（在频道中用 `/invite` 邀请应用）} unarchive {该频道已归档：请取消归档} other {该频道已不存在，或是应用不在其中的私有频道：请把应用邀请进去}}。服务台对该频道中旧消息的编辑（去除保留期限到期或个人数据删除后从工单中去掉的内容）不会再重试：这些编辑会立即放弃，列在应用主页的“未能完成的编辑”中，频道修好后按“重新发送”即可。在此之前，这些消息仍显示那些内容。',
  'outbox.channelLeftRefused':
    ':warning: Slack 于 {at} 拒绝服务台在 {channel} 发消息：`{error}`。客户的组织已退出这个 Slack Connect 频道（已断开），对方无人再能看到：服务台不会再在那里重试，并放弃发往该频道的消息；其未结工单的处理人会被通知通过其他方式联系客户。邀请应用并无作用：重新与对方组织共享该频道即可恢复。',
  'outbox.channelRefusedShared':
    '这是客户的 Slack Connect 频道：如果对方组织已断开该频道，邀请应用并无作用。对方无人再能看到：请通过其他方式联系客户，重新与对方共享该频道即可恢复。',
  'outbox.refusedEditsToo':
    '服务台对该频道中旧消息的编辑（去除保留期限到期或个人数据删除后从工单中去掉的内容）不会再重试：{gone, select, yes {这些编辑已永久放弃；如果该频道仍然存在，这些消息仍显示那些内容，请在 Slack 中编辑或删除它们} other {这些编辑会立即放弃，列在应用主页的“未能完成的编辑”中，频道修好后按“重新发送”即可}}。',
  'outbox.refusedMessagesToo':
    '服务台会保留发往该频道的消息并逐条自动重试，间隔逐次拉长，直到 Slack 拒绝同一条消息 {tries, number} 次（两小时或更久）；届时仍未送达的消息会列在应用主页的“未送达的消息”中，按“重新发送”即可。',
  'outbox.editsDropped':
    ':warning: Slack 找不到 {channel}（{at}：`{error}`）：服务台对该频道中旧消息的修改（移除因保留期限或删除个人信息而从工单中去掉的文字）已永久放弃，无法重新发送。如果该频道仍然存在（私有频道，应用已被移出），这些消息仍显示原文：请在 Slack 中编辑或删除它们。',
  'zone.china': '北京时间',
  'home.footer': '工作区时区：{timeZone} · 语言：{locale}',
  'help.customer.new': '新建客户档案',
  'help.customer.find': '按名称、编号、联系人或标签查找客户',
  'help.customer.show': '查看客户卡片',
  'list.more': '……还有 {count, number} 条。请缩小搜索范围。',
  'modal.save': '保存',
  'modal.cancel': '取消',
  'modal.close': '关闭',
  'modal.loading': '加载中…',
  'modal.error.title': '未完成',
  'modal.saving': '保存中…',
  'modal.savingLine':
    '正在保存，请稍候。完成后此窗口会显示结果。若一分钟后仍是此状态，请再按一次“保存中…”：不会重复保存。',
  'modal.saved': '已保存，可以关闭此窗口。',
  'modal.savedAs': '{what}可以关闭此窗口。',
  'modal.refused': ':warning: 未保存：\n{problems}',
  'modal.back': '返回',
  'modal.savingOver':
    '正在保存，请稍候。完成后此窗口会显示结果。若一分钟后仍是此状态，请按“返回”再提交一次：已填写的内容都在，不会重复保存。',
  'modal.refusedOver': ':warning: 未保存：\n{problems}\n请按“返回”修改：已填写的内容仍在。',
  'form.error.required': '必填。',
  'phone.extension': '{number} 转 {ext}',
  'form.error.phone':
    '请输入电话号码：中国大陆手机号（如 138 1234 5678）、带区号的固定电话（如 010-1234 5678、0571 8888 1234），或以 + 和国家代码开头的号码（如 +1 415 555 0123）；分机号写在号码后（如 010-1234 5678-123、转123 或 ext. 123）。',
  'form.error.masked': '其中仍有隐藏部分（***）：请重新完整输入，或保持原样不改以保留原值。',
  'form.error.email': '请输入邮箱地址，如 name@example.com。',
  'form.error.date': '请按 YYYY-MM-DD 输入日期。',
  'form.error.futureDate': '该日期晚于今天。',
  'ticket.error.receivedTooOld':
    '该日期早于 {days} 天前：工单应在收到请求后一年内登记。请检查年份。',
  'form.error.pastDate': '该日期已过去。',
  'form.error.amount': '请输入以元为单位的金额，如 1200000 或 120万。',
  'form.error.amountFen': '金额请精确到分：以元计最多两位小数。',
  'form.error.amountNegative': '请输入不小于零的金额，不带负号。',
  'form.error.choice': '请选择：{choices}。',
  'form.error.tooLong': '最多 {max} 个字符。',
  'form.error.tagTooLong': '每个标签最多 {max} 个字符。',
  'form.error.tooManyTags': '最多 {max} 个标签。',
  'form.error.birthday': '请按 MM-DD 输入生日，如 03-18。',
  'form.error.yesNo': '请填写“是”或“否”。',
  'form.error.user': '请输入 Slack 用户 ID，如 U0123456789。',
  'customer.field.code': '客户编号',
  'customer.field.name': '客户名称',
  'customer.field.industry': '行业',
  'customer.field.source': '客户来源',
  'customer.field.firstContact': '首次接触日期',
  'customer.field.owner': '负责人',
  'customer.field.companySize': '公司规模',
  'customer.field.region': '地区',
  'customer.field.address': '地址',
  'customer.field.annualRevenue': '年采购额（{currency}）',
  'customer.field.contactName': '联系人姓名',
  'customer.field.contactTitle': '职务',
  'customer.field.contactPhone': '联系电话',
  'customer.field.contactEmail': '邮箱',
  'customer.field.tags': '标签',
  'customer.field.potential': '潜力',
  'customer.field.lifecycle': '生命周期',
  'customer.field.contractEnd': '合同到期日',
  'customer.field.cooperationStart': '合作开始日期',
  'customer.field.projectUntil': '项目进行至',
  'customer.field.computedTier': '计算等级',
  'customer.field.openTickets': '未结工单',
  'customer.card.recentInteractions': '近期互动',
  'customer.field.contactIm': '即时通讯账号',
  'customer.field.contactBirthday': '生日（MM-DD）',
  'customer.field.contactChannel': '偏好联系渠道',
  'customer.field.contactOptOuts': '不接收',
  'customer.field.needsStated': '明确需求',
  'customer.field.needsImplicit': '潜在需求',
  'customer.field.needsProducts': '产品偏好',
  'customer.field.needsBudget': '预算（{currency}）',
  'customer.field.needsCycle': '采购周期',
  'common.yes': '是',
  'common.no': '否',
  'common.listSeparator': '、',
  'common.sentenceSeparator': '',
  'common.erasedPerson': '某人（其个人数据已被删除）',
  'common.erasedPersonStart': '某人（其个人数据已被删除）',
  'customer.field.tier': '客户等级',
  'customer.field.tierOverride': '手动调整等级',
  'customer.field.tierOverrideReason': '调整原因',
  'customer.field.lastInteraction': '最近一次互动',
  'customer.field.contacts': '联系人',
  'customer.field.competitorContact': '竞争对手接触',
  'customer.field.upgradeIntent': '升级意向',
  'customer.field.valueClass': '价值分类',
  'customer.field.churnReason': '流失原因',
  'tier.strategic': '战略客户',
  'tier.key': '重点客户',
  'tier.normal': '普通客户',
  'lifecycle.prospect': '意向客户',
  'lifecycle.active': '活跃客户',
  'lifecycle.churn_warning': '流失预警',
  'lifecycle.churned': '已流失',
  'lifecycle.new': '新客户',
  'lifecycle.growing': '成长期客户',
  'lifecycle.stable': '稳定期客户',
  'valueClass.vip': 'VIP客户',
  'valueClass.high_value': '高价值客户',
  'valueClass.ordinary': '一般价值',
  'valueClass.potential': '潜力客户',
  'churnReason.price': '价格',
  'churnReason.quality': '产品质量',
  'churnReason.service': '服务',
  'churnReason.competitor': '转向竞争对手',
  'churnReason.no_demand': '不再有需求',
  'churnReason.business_change': '客户经营变化',
  'churnReason.other': '其他',
  'potential.key': '重点潜力客户',
  'potential.ordinary': '普通',
  'source.online_expo': '线上展会',
  'source.exhibition': '线下展会',
  'source.referral': '老客户转介绍',
  'source.telemarketing': '电话营销',
  'source.cold_visit': '陌生拜访',
  'source.website': '官网',
  'source.inbound': '主动咨询',
  'source.other': '其他',
  'size.1-49': '1-49 人',
  'size.50-199': '50-199 人',
  'size.200-999': '200-999 人',
  'size.1000+': '1000 人以上',
  'interaction.call': '电话',
  'interaction.visit': '拜访',
  'interaction.email': '邮件',
  'interaction.meeting': '会议',
  'interaction.message': '消息',
  'customer.error.duplicateName': '已存在同名客户：{code}。',
  'customer.error.ownerUnfit':
    '{reason, select, bot {{name}是机器人} external {{name}是其他组织的人员（Slack Connect）} other {{name}的 Slack 账号已停用}}：请选择一位同事作为客户负责人。',
  'customer.error.contactChanged':
    '此表单打开后联系人已有变动（主要联系人已被删除或更换）：请关闭后重新打开“编辑”，或在“联系人”中修改。',
  'customer.error.contactNameNeeded': '请同时填写联系人姓名。',
  'customer.error.contactTitle': '填写了联系人，请同时填写其职务。',
  'customer.error.overrideReason': '请填写调整等级的原因。',
  'customer.error.overrideForbidden': '只有主管和管理员可以手动调整客户等级。',
  'customer.error.revenueFromOrders': '该客户已有订单：年采购额按最近 12 个月的订单自动计算。',
  'customer.nameCode': '{name}（{code}）',
  'customer.error.notFound': '没有编号为“{code}”的客户。试试 `/customer find {code}`。',
  'customer.error.changedMeanwhile': '其他人同时修改了 {code}，请重试。',
  'customer.error.accessChangedSinceOpen':
    '你打开编辑后，查看该客户电话和邮箱的权限已变更，你已无权查看：请关闭后重新打开编辑再修改这段文字。',
  'customer.error.editForbidden': '只有负责人（<@{owner}>）、主管或管理员可以修改该客户。',
  'customer.error.findNeedsText':
    '请输入要查找的内容：`/customer find &lt;名称、编号、联系人或标签&gt;`。',
  'customer.error.findTooLong':
    '查找内容过长：`/customer find` 最多接受 {max, number} 个字符，因此未做查找。请输入名称、编号、联系人或标签的一部分。',
  'customer.modal.newTitle': '新建客户',
  'customer.modal.editTitle': '编辑客户',
  'customer.modal.projectUntilHint':
    '项目进行期间，客户负责人每周会收到一个发送项目进展的任务，周三到期。',
  'customer.modal.revenueHint': '在录入订单前用于确定客户等级；录入订单后按最近 12 个月订单合计。',
  'customer.modal.hiddenDate': '此日期对你隐藏：留空则保留原日期；在此选择日期将替换原日期。',
  'customer.modal.revenueFromOrders': '按最近 12 个月的订单自动计算。',
  'customer.section.basics': '基本信息',
  'customer.section.owner': '负责人与来源',
  'customer.section.company': '公司信息',
  'customer.section.contact': '首要联系人',
  'customer.section.commercial': '商务信息',
  'customer.section.needs': '需求',
  'customer.section.override': '手动调整等级（主管和管理员）',
  'customer.modal.tagsHint':
    '用逗号分隔：行业、价值（高价值、潜力客户）、需求（价格敏感）、阶段，或自定义标签。',
  'customer.modal.currentTags': '当前：{tags}',
  'customer.placeholder.name': '如：上海华东机械有限公司',
  'customer.placeholder.industry': '如：工业设备',
  'customer.placeholder.region': '如：华东 / 上海',
  'customer.placeholder.tags': '如：高价值，价格敏感',
  'customer.placeholder.amount': '如：1,200,000 或 120万',
  'customer.placeholder.contactName': '如：张伟',
  'customer.placeholder.contactTitle': '如：采购经理',
  'customer.placeholder.contactPhone': '如：138 0013 8000 或 021-6234 5678',
  'customer.placeholder.contactEmail': '如：zhang.wei@example.com',
  'customer.placeholder.contactIm': '如：微信号 zhangwei_sh',
  'customer.placeholder.contactBirthday': '如：03-15',
  'customer.placeholder.contactChannel': '如：微信，其次电话',
  'customer.placeholder.contactOptOuts': '如：节日问候，关怀回访',
  'customer.placeholder.needsStated': '如：两周内交货，需上门安装',
  'customer.placeholder.needsImplicit': '如：希望降低维护成本',
  'customer.placeholder.needsProducts': '如：不锈钢阀门，DN50-DN200',
  'customer.placeholder.needsCycle': '如：每季度一次，每年 3 月',
  'customer.placeholder.overrideReason': '如：集团战略合作伙伴',
  'customer.modal.createSubmit': '添加客户',
  'form.placeholder.choose': '请选择',
  'form.placeholder.date': '选择日期',
  'customer.created': '已创建客户 *{name}*（{code}）。',
  'customer.savedAs': '已保存为客户 *{name}*（{code}）。',
  'customer.updated': '已保存 *{name}*（{code}）的 {count, number} 项修改。',
  'customer.unchanged': '*{name}*（{code}）没有任何修改。',
  'customer.card.tierOverridden': '{tier}（由{computed}手动调整：{reason}）',
  'customer.card.noContacts': '暂无联系人。',
  'customer.contact.prefers': '偏好“{channel}”',
  'customer.contact.optOuts': '不接收“{list}”',
  'customer.card.never': '暂无',
  'customer.card.competitor': '已记录竞争对手接触',
  'customer.card.lowRisk': '流失风险低（{date} 评估）',
  'customer.card.lowRiskHeld':
    '因投诉 {number}（未结，或近 30 天内的特急投诉）不算流失风险低（{when} 评估）',
  'customer.card.upgradeIntent':
    ':arrow_up: 升级意向：“{what}”，由 <@{by}> 于 {when} 记录；已转交销售。',
  'customer.button.edit': '编辑',
  'customer.button.logInteraction': '记录互动',
  'customer.button.recordOrder': '录入订单',
  'customer.button.recordDelivery': '录入交付',
  'customer.button.history': '变更记录',
  'customer.button.open': '查看',
  'customer.find.header': '共 {total, number} 家客户匹配“{text}”',
  'customer.find.none':
    '没有客户匹配“{text}”。试试名称或编号的一部分，或用 `/customer new` 新建客户。',
  'customer.find.noneCannotCreate': '没有客户匹配“{text}”。试试名称或编号的一部分。',
  'customer.history.header': '*{name}*（{code}）的最近变更',
  'customer.history.line': '{when} · {by} · {field}：{old} → {new} · {source}',
  'customer.history.created': '{when} · {by} · 创建 · {source}',
  'customer.history.desk': '服务台',
  'customer.history.field.annualRevenue': '年采购额',
  'customer.history.field.needsBudget': '预算',
  'customer.history.none': '暂无变更记录。',
  'customer.history.more':
    '这里只显示最近 {shown, number} 条；更早的 {count, number} 条变更未显示。',
  'customer.history.empty': '（空）',
  'customer.history.override': '{tier}：{reason}',
  'change.source.slack': 'Slack',
  'change.source.import': '导入',
  'change.source.job': '自动',
  'interaction.modal.title': '记录互动',
  'interaction.modal.submit': '记录',
  'interaction.field.type': '方式',
  'interaction.field.date': '日期',
  'interaction.field.summary': '摘要',
  'interaction.field.feedback': '客户反馈',
  'interaction.field.nextStep': '下一步',
  'interaction.field.nextStepDate': '下一步截止日期',
  'interaction.hint.nextStepDate':
    '填写日期后，下一步会成为你的一项任务，当天到期（遇休息日顺延到下一个工作日）。',
  'customer.card.nextStepBy': '{step}（{date}）',
  'interaction.field.nextStepApprover': '下一步审批人',
  'interaction.hint.nextStepApprover':
    '可选：审批下一步任务的人（不能是你），将收到私信通知。需填写日期。',
  'interaction.error.approverNeedsDate':
    '请选择日期：只有填写了日期的下一步才会成为需要审批的任务。',
  'interaction.error.approverIsYou': '请选择其他人：下一步是你的任务，不能审批自己的任务。',
  'interaction.nextStepPlanned': '下一步：已为你安排一项任务，{date} 到期。',
  'interaction.nextStepPlannedApprover':
    '下一步：已为你安排一项任务，{date} 到期，审批人 <@{approver}>。',
  'interaction.field.upgradeIntent': '升级意向',
  'interaction.upgradeIntentOption': '客户想要更多：增加席位、更高套餐或新产品线',
  'interaction.field.upgradeWhat': '客户想要什么',
  'interaction.hint.upgradeWhat': '勾选“升级意向”后：作为任务转交客户经理，并私信通知。',
  'interaction.error.upgradeWhatNeeded': '请写明客户想要什么：客户经理将据此跟进。',
  'interaction.error.upgradeNotTicked': '请勾选“升级意向”以转交客户经理，或清空“客户想要什么”。',
  'interaction.upgradeHanded': '升级意向已转交 <@{assignee}>：任务 {date} 到期。',
  'interaction.upgradeUpdated': '已更新档案中的升级意向：<@{assignee}> 已有对应任务，{date} 到期。',
  'interaction.keptFirst':
    '此表单已记录过：保留的是第一次提交的内容，再次发送前所做的修改未保存。如需记录，请另行记录一次互动。',
  'interaction.loggedLate':
    '此互动在发生 {days, number} 天后才记录：手册要求 24 小时内记录，因此在报表中计为逾期记录。',
  'interaction.logged':
    '已记录与 *{name}*（{code}）的{type, select, call {电话} visit {拜访} email {邮件} meeting {会议} message {消息} other {互动}}。',
  'order.modal.title': '录入订单',
  'order.modal.submit': '录入订单',
  'order.field.date': '订单日期',
  'order.field.amount': '金额（{currency}）',
  'order.field.note': '备注',
  'order.field.number': '订单号',
  'order.field.delivered': '交付日期',
  'order.hint.delivered': '交付后，客户负责人会收到一个 3 个工作日内的交付回访任务。',
  'order.hint.deliveredGuestOwner':
    '交付后，<@{user}> 会收到一个 3 个工作日内的交付回访任务，代客户负责人 <@{owner}>（非本工作区成员）负责。',
  'order.recorded':
    '已为 *{name}*（{code}）录入{amount}的订单。年采购额：{revenue}；客户等级：{tier}。',
  'order.recordedNoRevenue': '已为 *{name}*（{code}）录入{amount}的订单。客户等级：{tier}。',
  'order.recordedTierMoved':
    '已为 *{name}*（{code}）录入{amount}的订单。年采购额（按近 12 个月订单计）：{revenue}；客户等级由{from}调整为{tier}。',
  'order.recordedNoRevenueTierMoved':
    '已为 *{name}*（{code}）录入{amount}的订单。客户等级由{from}调整为{tier}。',
  'order.recordedAgain': '已为 *{name}*（{code}）录入{amount}的订单。',
  'order.duplicate': '订单 {number} 已录入过，未重复添加。',
  'order.duplicateDelivered': '订单 {number} 已录入过，未重复添加；其交付日期现记为 {date}。',
  'import.error.field': '{column}：{problem}',
  'import.note.orderLookalike':
    '与已有的 {code} 于 {date} 的订单（{number, select, none {无订单号} other {订单号 {number}}}）客户、日期和金额相同：已作为第二笔订单添加；请填写订单号以区分。',
  'import.note.orderNumberAmbiguous':
    '{code} 于 {date} 有 {count} 笔相同金额且无订单号的订单：均未设为订单号 {number}，已作为另一笔订单添加。请填写订单号以区分。',
  'import.note.ownerUnknown':
    '负责人 {owner} 不是服务台已知的用户（没有角色，也不负责其他客户）：已按所填导入；请核对该 ID（在 Slack 中：其个人资料，⋮，复制成员 ID）。',
  'import.note.createdMeanwhile':
    '同时运行的另一次导入先新建了这个客户（{code}）：本行已作为更新应用到该客户{changed, select, yes {} other {，没有任何改动}}。',
  'import.error.createdMeanwhileOtherName':
    '同时运行的另一次导入先新建了 {code}，名称为“{name}”：本行的名称与之不同，因此未应用本行（没有改名）。请确认正确的名称后重新导入这一行。',
  'import.error.duplicateRow': '与第 {line} 行是同一客户；只导入该行。',
  'import.error.duplicateContactRow': '与第 {line} 行是同一联系人；只导入该行。',
  'import.error.nameInFile': '第 {line} 行已导入同名客户（{code}）；只导入该行。',
  'import.error.ambiguousPoint':
    '以制表符分隔的文件中，{value} 可读作两个金额（以句点为小数点时为 1.25，以逗号为小数点时为 1250）：请写作 `1250` 或 `1.25`。',
  'import.error.extraCells':
    '此行有 {cells} 个单元格，表头只有 {columns} 列：单元格中输入的{separator, select, semicolon {分号} tab {制表符} other {逗号}}会开始一个新单元格，除非该单元格加了引号（"…"）。此行未导入任何内容。',
  'import.column.unnamed': '第 {n} 列（无表头）',
  'import.error.decimalComma':
    '以分号分隔的文件中，金额以逗号为小数点、以句点分隔千位（`1.250` 即 1250，`12,50` 即 12.5）：{value} 无法按此读取。请写作 `1250` 或 `1.250,00`。',
  'import.error.codeFormat': '客户编号形如 C2026001；新客户请留空。',
  'import.error.noCustomer':
    '{role, select, none {没有编号或名称为“{ref}”的客户。请先导入该客户（用 --file），或在客户导出文件中查找其编号：{user} 在服务台没有角色，请让管理员、主管或客户经理运行 `npm run customers -- export --team {team} --out customer-codes.csv`，并以 --as 指定其本人的 Slack 用户 ID} other {没有编号或名称为“{ref}”的客户。请先导入该客户（用 --file），或在以下命令写出的文件（不会覆盖导入文件）中查找其编号：`npm run customers -- export --team {team} --as {user} --out customer-codes.csv`}}',
  'import.error.codeNoCustomer':
    '没有编号为“{code}”的客户，而“{name}”是{nameCode}。请改正编号或将其留空，再导入这一行。',
  'import.error.customerMismatch':
    '这一行指向两个客户：“{first}”是{firstCode}，“{second}”是{secondCode}。请改正有误的单元格或将其留空，再导入这一行。',
  'import.error.contactGone':
    '导入这一行时，联系人“{contact}”已从客户{code}中移除（在 Slack 中删除，或被清除），因此跳过了这一行；如需重新添加该联系人，请再次运行导入。',
  'import.error.customerGone': '导入这一行时，客户{code}已被移除，因此跳过了这一行。',
  'import.error.erased':
    '客户{code}的资料已被清除（/desk privacy erase），因此未导入这一行：导入会恢复已清除的资料。请从文件中删去这一行。',
  'import.error.contactErased':
    '这一行的联系人已从客户{code}中清除（/desk privacy erase），因此未导入这一行：导入会恢复已清除的资料。请从文件中删去这一行，或在 Slack 中重新添加该联系人。',
  'help.ticket.new': '新建服务工单（标题可选）',
  'help.ticket.mine': '我的未结工单，按到期时间排序',
  'help.ticket.requests': '我提交的处理中请求及其进展',
  'help.task.mine': '我的未完成任务，按到期时间排序；`approve`：待我审批的任务',
  'help.task.team': '团队的未完成任务，逾期的在前，可直接处理（主管）',
  'task.mine.header': '我的未完成任务（{count, number}）',
  'task.mine.none': '你没有未完成的任务。用 `/task new` 安排一个。',
  'task.mine.noneCannotPlan': '你没有未完成的任务。',
  'help.task.new': '为客户手动安排任务：类型、负责人、协助人、截止日期',
  'task.new.button': '新建任务',
  'task.new.title': '新建任务',
  'task.new.submit': '创建任务',
  'task.field.customer': '客户',
  'task.field.kind': '类型',
  'task.field.executor': '负责人',
  'task.field.helper': '协助人',
  'task.field.approver': '审批人',
  'task.hint.approver':
    '可选：由谁审批该任务。安排和完成时会通知审批人，审批人也可以完成任务或修改截止日期。',
  'task.error.approverIsExecutor': '请选择负责人以外的人：不能审批自己的任务。',
  'task.error.unfit':
    '{reason, select, bot {{name}是机器人，请选择工作区中的成员。} deactivated {{name}的账号已停用，请选择其他人。} external {{name}是其他组织的人员（Slack Connect），请选择工作区成员。} other {{name}是访客（其账号只限部分频道），请选择工作区成员。}}',
  'task.people.planner': '安排人 <@{user}>',
  'task.people.helper': '协助人 <@{user}>',
  'task.people.approver': '审批人 <@{user}>',
  'task.people.guestOwner': '由你负责：客户负责人 <@{user}> 不是本工作区成员',
  'task.people.guestOwnerFor': '为客户负责人 <@{user}>（非本工作区成员）代办',
  'task.approve.more': '……另有 {count, number} 项，用 `/task mine approve` 查看全部。',
  'task.approve.none': '没有待你审批的未完成任务。',
  'task.mine.approveHeader': '待我审批（{count, number}）',
  'task.approver.planned':
    ':clipboard: <@{by}> 安排了一项由你审批的任务：{task}，负责人 <@{executor}>，{due}{planner, select, none {} other {，安排人 <@{planner}>}}。',
  'task.helper.planned':
    ':handshake: <@{by}> 请你协助一项任务：{task}，负责人 <@{executor}>，{due}{planner, select, none {} other {，安排人 <@{planner}>}}。',
  'task.approver.done': ':white_check_mark: <@{by}> 完成了一项由你审批的任务：{task}。',
  'task.executor.done': ':white_check_mark: <@{by}> 已完成你的任务：{task}。无需再为此联系客户。',
  'task.approver.outcome': '结果（{type}）：{summary}',
  'task.approver.feedback': '客户反馈：{feedback}',
  'task.approver.scores':
    '{satisfaction, select, none {} other {满意度 {satisfaction}/5}}{both, select, yes { · } other {}}{nps, select, none {} other {NPS {nps}}}',
  'task.approver.solved': '{solved, select, yes {已解决} other {未解决}}',
  'task.button.customer': '查看客户',
  'task.field.due': '截止日期',
  'task.field.content': '任务内容',
  'task.new.contentPlaceholder': '例如：致电李娜，沟通春季订单和新价目表',
  'task.new.created': '已为{customer}安排{kind}，负责人 {user}，截止 {due}。',
  'help.ticket.list': '未结、超时、未分配、等待客户或我的工单，按到期时间排序',
  'help.ticket.show': '查看工单卡片',
  'ticket.error.cardStaffOnly': '工单卡片仅供服务团队查看：您的请求进展会在对应的对话中告知您。',
  'ticket.error.notFound': '没有编号为 {number} 的工单。',
  'ticket.error.gone': '该工单已不存在。',
  'ticket.error.guestCustomer':
    '你是本工作区的访客，在这里只能为你自己的工单所属的客户提交工单。其他客户的工单，请在该客户的频道里提交，或请工作区成员代你提交。',
  'ticket.new.guestNowhere':
    '你是本工作区的访客，服务台不会列出客户供你选择，而你还没有工单。请在你的客户频道里提交请求：在那里运行 `/ticket new`，或在其中的消息上使用快捷操作 *创建工单*；也可以请工作区成员代你提交。你自己的工单请用 `/ticket requests` 查看。',
  'ticket.modal.guestCustomersHint': '你自己的工单所属的客户。其他客户请在该客户的频道里提交。',
  'ticket.error.pickCustomer': '请从列表中选择客户。',
  'ticket.error.changedMeanwhile': '有人同时修改了 {number}。请查看工单卡片后重试。',
  'ticket.error.beingMerged': '{number} 正在与另一张工单合并，因此未做任何更改。请稍后重试。',
  'ticket.error.alreadyYours': '{number} 已分配给你，无需再次认领。',
  'ticket.error.alreadyClaimed': '{number} 已被认领（认领人 <@{user}>）。',
  'ticket.error.alreadyEscalated': '{number} 已升级到 L{level}（处理人 <@{user}>）。',
  'ticket.error.stale.new': '{number} 目前是未分配的新工单；该按钮已不适用。',
  'ticket.error.stale.assigned': '{number} 正在处理中；该按钮已不适用。',
  'ticket.error.stale.waiting': '{number} 正在等待客户；该按钮已不适用。',
  'ticket.error.stale.resolved': '{number} 已解决；该按钮已不适用。',
  'ticket.error.stale.closed': '{number} 已关闭，无法再操作。',
  'ticket.error.staleChoice.new': '{number} 目前是未分配的新工单；该选项已不适用。',
  'ticket.error.staleChoice.assigned': '{number} 正在处理中；该选项已不适用。',
  'ticket.error.staleChoice.waiting': '{number} 正在等待客户；该选项已不适用。',
  'ticket.error.staleChoice.resolved': '{number} 已解决；该选项已不适用。',
  'ticket.error.levelChanged': '{number} 已被他人升级到 L{level}；请从卡片重新打开“升级”。',
  'ticket.error.topLevel': '{number} 已由客户经理（L3）负责，无法再升级。',
  'ticket.error.noL3':
    '{number} 已在 L2，这是该客户的最高级别：L3（客户经理一对一）仅服务重点客户和战略客户。',
  'ticket.error.listKind':
    '请使用 `/ticket list open`、`/ticket list overdue`、`/ticket list unassigned`、`/ticket list waiting` 或 `/ticket list mine`。',
  'ticket.type.consultation': '咨询',
  'ticket.type.complaint': '投诉',
  'ticket.type.after_sales': '售后',
  'ticket.type.demand': '需求/定制',
  'ticket.type.other': '其他',
  'ticket.severity.urgent': '严重',
  'ticket.severity.important': '重要',
  'ticket.severity.general': '一般',
  'ticket.channel.phone': '电话',
  'ticket.channel.email': '邮件',
  'ticket.channel.portal': '客户门户',
  'ticket.channel.review': '第三方评价',
  'ticket.channel.slack': 'Slack',
  'ticket.channel.visit': '上门',
  'ticket.channel.wechat': '微信',
  'ticket.status.new': '新建',
  'ticket.status.assigned': '处理中',
  'ticket.status.waiting': '等待客户',
  'ticket.status.resolved': '已解决',
  'ticket.status.closed': '已关闭',
  'ticket.modal.newTitle': '新建工单',
  'ticket.modal.reassignTitle': '转派 {number}',
  'ticket.modal.escalateTitle': '升级 {number}',
  'ticket.modal.noteTitle': '备注 {number}',
  'ticket.modal.resolveTitle': '解决 {number}',
  'ticket.modal.createSubmit': '创建工单',
  'ticket.modal.reassignSubmit': '转派',
  'ticket.modal.escalateSubmit': '升级',
  'ticket.modal.noteSubmit': '添加备注',
  'ticket.modal.resolveSubmit': '标记已解决',
  'ticket.placeholder.reason': '如：主轴报错，需要服务工程师上门',
  'ticket.placeholder.note': '如：已致电现场，产线 14:00 重启',
  'ticket.modal.resolveToRequester':
    '此摘要会发送给报告人：请面向报告人填写，内部说明请写在备注中。',
  'ticket.placeholder.resolution': '如：更换了磨损的密封垫，试运行 2 小时无泄漏',
  'form.placeholder.person': '选择成员',
  'ticket.modal.longMessage': '原消息超过 3000 字；工单保留了指向原消息的链接。',
  'ticket.modal.authorErased':
    '这条消息的作者在发出后，其个人数据已从服务台清除：此处不填入其本人及其内容。',
  'ticket.modal.customerPlaceholder': '输入客户名称或编号',
  'ticket.modal.escalateToL3': '将转给客户经理 <@{user}>（L3）。',
  'ticket.modal.escalateToL3GuestOwner':
    '将转给客户经理 <@{user}>（L3），由其代替客户负责人 <@{owner}>（非本工作区成员）负责。',
  'ticket.field.customer': '客户',
  'ticket.field.type': '类型',
  'ticket.field.severity': '严重程度',
  'ticket.field.channel': '来源渠道',
  'ticket.field.title': '标题',
  'ticket.field.description': '描述',
  'ticket.field.receivedDate': '接收日期',
  'ticket.field.receivedTime': '接收时间（{timeZone}）',
  'ticket.field.status': '状态',
  'ticket.field.assignee': '处理人',
  'ticket.field.newAssignee': '新处理人',
  'ticket.field.responseDue': '首次响应时限',
  'ticket.field.resolutionDue': '解决时限',
  'ticket.field.replyDue': '答复时限',
  'ticket.field.promised': '向报告人承诺的日期',
  'ticket.field.responded': '首次响应',
  'ticket.field.resolved': '解决',
  'ticket.field.reason': '原因',
  'ticket.field.expert': '专家（L2）',
  'ticket.field.note': '备注',
  'ui.labelled': '{label}：{value}',
  'ticket.field.resolution': '解决说明',
  'ticket.field.surveyComment': '调查意见',
  'ticket.card.unassigned': '未分配',
  'ticket.card.dueLeft':
    '{clock, select, always {剩余 {left}（全天候计时），{due} 到期} other {剩余工作时间 {left}，{due} 到期}}',
  'ticket.card.dueOver':
    '{clock, select, always {已超时 {over}（全天候计时），原定 {due} 到期} other {已超时 {over}（工作时间），原定 {due} 到期}}',
  'ticket.card.paused':
    '{clock, select, always {等待客户中，计时暂停（全天候计时，剩余 {left}）} other {等待客户中，计时暂停（剩余工作时间 {left}）}}',
  'ticket.card.pausedOver':
    '{clock, select, always {等待客户中，计时暂停（全天候计时，已超时 {over}，原定 {due} 到期）} other {等待客户中，计时暂停（已超时工作时间 {over}，原定 {due} 到期）}}',
  'ticket.card.dueSince': '已于 {due} 超时',
  'ticket.card.pausedSince': '等待客户中，计时暂停（已于 {due} 超时）',
  'ticket.card.responded': '已于 {when} 响应',
  'ticket.card.resolved': '已于 {when} 解决',
  'ticket.card.survey':
    '报告人满意度调查：{satisfaction, select, none {未评分} other {满意度 {satisfaction}/5}}{nps, select, none {} other {，NPS {nps}}}',
  'ticket.card.mergedClosed': '已于 {when} 作为重复工单关闭（不计为解决）',
  'ticket.card.noResponse': '无：响应前已作为重复工单关闭',
  'ticket.card.promised': '{date}{passed, select, yes { · 已过} other {}}',
  'ticket.card.source': '来自 Slack 消息',
  'ticket.card.level': 'L{level}',
  'duration.hm': '{h, number} 小时{m, plural, =0 {} other { {m} 分钟}}',
  'duration.m': '{m} 分钟',
  'ticket.button.claim': '认领',
  'ticket.button.reassign': '转派',
  'ticket.button.escalate': '升级',
  'ticket.button.wait': '等待客户',
  'ticket.button.resume': '恢复处理',
  'ticket.button.note': '添加备注',
  'ticket.button.resolve': '解决',
  'ticket.button.reopen': '重新打开',
  'ticket.button.close': '关闭',
  'ticket.close.confirmTitle': '现在关闭 {number}？',
  'ticket.close.confirmText':
    '关闭后将无法再重新打开：在解决后的 {days} 天内，报告人仍可点击“未解决，重新打开”或回复来重新打开它，而已关闭的工单任何人都无法重新打开。这些天过后且回访完成后，系统会自动关闭它。',
  'ticket.close.confirm': '现在关闭',
  'ticket.close.deny': '保持已解决',
  'customer.button.newTicket': '新建工单',
  'ticket.event.created': '<@{by}> 创建了此工单。',
  'ticket.event.claim': '<@{by}> 认领了此工单。',
  'ticket.event.reassign': '<@{by}> 将工单转派给 <@{user}>。',
  'ticket.event.escalate': '<@{by}> 将工单升级到 L{level}，由 <@{user}> 处理：{text}',
  'ticket.event.wait': '<@{by}>：等待客户回复，SLA 计时暂停。',
  'ticket.event.resume': '<@{by}> 恢复处理，SLA 计时继续。',
  'ticket.event.note': '<@{by}> 备注：{text}',
  'ticket.event.resolve': '<@{by}> 已解决：{text}',
  'ticket.event.reopen': '<@{by}> 重新打开了此工单。',
  'ticket.event.released':
    '原处理人 <@{user}> 已不再处理工单：此工单已退回队列，未分配，等待认领。',
  'ticket.event.close': '<@{by}> 关闭了此工单。',
  'ticket.button.merge': '合并到…',
  'ticket.button.task': '新建任务',
  'ticket.modal.mergeTitle': '合并 {number}',
  'ticket.modal.mergeSubmit': '合并',
  'ticket.button.followers': '关注人…',
  'ticket.modal.followersTitle': '{number} 的关注人',
  'ticket.modal.followersSubmit': '保存关注人',
  'ticket.field.followers': '关注人',
  'ticket.hint.followers':
    '最多 {max, number} 人，每一步进展都会私信告诉他们。新添加的人会收到一次通知，被移除的人不会。报告人和处理人本来就会知晓每一步进展，无需添加。',
  'ticket.field.mergeTarget': '与之重复的工单',
  'ticket.placeholder.mergeTarget': '工单编号，例如 T20260001',
  'ticket.hint.merge':
    '该工单将作为重复工单关闭，不计为已解决或超时；另一张工单会添加一条备注，并告知该工单的报告人改为在那里跟进。',
  'ticket.merge.error.self': '工单不能合并到自身：请输入另一张工单的编号。',
  'ticket.merge.error.unknown': '此工作区没有工单 {number}。',
  'ticket.merge.error.targetMerged': '{number} 本身已合并到 {into}：请改为合并到 {into}。',
  'ticket.merge.error.notOpen':
    '{number} {status, select, resolved {已解决} other {已关闭}}：重复工单只能合并到未结束的工单。',
  'ticket.merge.error.filing': '{number} 仍在建单中：请过一两分钟、待其卡片出现在频道后再合并。',
  'ticket.merge.error.already': '{number} 已合并到 {into}。',
  'ticket.merge.error.complaintIntoOther':
    '{duplicate} 是投诉，{number} 不是：合并后该投诉将不再按投诉跟进（联系客户、根本原因、投诉统计）。请改为将 {number} 合并到 {duplicate}，或先将 {number} 分类为投诉（分类…）。',
  'ticket.merge.error.complaintUrgency':
    '{duplicate} 是{urgency, select, critical {特急} other {紧急}}投诉，{number} 是{targetUrgency, select, urgent {紧急} other {一般}}投诉：合并后该投诉将失去更短的联系和解决时限。请改为将 {number} 合并到 {duplicate}，或先提高 {number} 的投诉紧急程度（分类…）。',
  'ticket.merge.error.complaintOtherCustomer':
    '{duplicate} 是投诉，{number} 是其他客户的工单：合并后该投诉将不再计入其客户名下，也不会再联系该客户。投诉只能合并到同一客户的工单。',
  'ticket.merge.error.busy':
    '{number} 正在与另一张工单合并：请稍后重新查看这两张工单，如仍需要再合并。',
  'ticket.merge.error.stillSaving':
    '你先前提交的 {number} 合并仍在保存中。请过一分钟查看 {number}：如届时仍未合并，请重新合并。',
  'ticket.event.merge': '<@{by}> 将此工单合并到 {into}{note, select, yes {：{text}} other {。}}',
  'ticket.event.mergedFrom':
    '由 <@{by}> 从 {from} 合并而来{asker, select, user {（<@{user}>：“{wrote}”）} contact {（{name}：“{wrote}”）} other {}}{note, select, yes {：{text}} other {。}}{carried, select, yes {（{from} 上记录的客户联系计为本投诉的客户联系。）} other {}}',
  'ticket.card.mergedInto': '已合并到 {into}',
  'ticket.card.loggedLate':
    ':hourglass: 延迟录入：收到后 {late}（工作时间）才录入（手册要求 1 小时内）。',
  'ticket.requesterExternal':
    ':warning: <@{user}> 是其他组织的成员（Slack Connect）：服务台无法给对方发消息，对方不会收到此工单的任何通知。请亲自在与对方共享的频道中，或通过其他方式（电话、邮件）答复，并用“*记录答复*”登记。',
  'ticket.loggedLate':
    '该工单在收到后 {late}（工作时间）才录入：手册要求 1 小时内录入，因此在周报和报表中计为延迟录入。',
  'ticket.escalation.post':
    '{customer}的工单 {number} 已由 <@{by}> 升级到 L{level}，现由 <@{user}> 处理：{text}',
  'ticket.escalation.guestOwner':
    '客户经理 <@{user}> 代替客户负责人 <@{owner}>（非本工作区成员：访客，或其他组织的人）负责。',
  'ticket.created':
    '工单 {number} 已保存，严重程度为{severity}{raised, select, yes {（投诉紧急程度提高了所选的严重程度）} other {}}，卡片已发布到 <#{channel}>。',
  'ticket.savedAs': '已保存为工单 {number}。',
  'ticket.messageHasTicket': '这条消息已有工单 {number}，未另建工单。',
  'ticket.createdNoChannel':
    '工单 {number} 已保存，严重程度为{severity}{raised, select, yes {（投诉紧急程度提高了所选的严重程度）} other {}}。本工作区尚未设置分诊频道，管理员设置后卡片会自动发布。',
  'ticket.createdCardPending':
    '工单 {number} 已保存，严重程度为{severity}{raised, select, yes {（投诉紧急程度提高了所选的严重程度）} other {}}。Slack 暂未接收其卡片（{error, select, ratelimited {Slack 要求放慢发送} queued {正排在其他消息之后} other {Slack 返回 `{error}`}}），稍后会自动发布。',
  'ticket.dm.accountManager':
    '新工单 {number}（{severity, select, urgent {严重} important {重要} other {一般}}），来自你的客户{customer}：{title}',
  'ticket.dm.guestOwner':
    '由你作为客户经理负责：客户负责人 <@{user}> 不是本工作区成员（访客，或其他组织的人）。',
  'ticket.dm.standInTaken':
    '{customer}的工单 {number} 现由你作为客户经理负责：客户负责人 <@{user}> 不是本工作区成员（访客，或其他组织的人），工单进来时无人可以代为负责。',
  'ticket.dm.standInTakenHanded':
    '{customer}的工单 {number} 现由你作为客户经理负责：客户负责人 <@{user}> 不是本工作区成员（访客，或其他组织的人）。工单进来时，当时的客户负责人（同样不是本工作区成员）无人可以代为负责。',
  'ticket.list.mine': '我的未结工单（{total}）',
  'ticket.list.open': '未结工单（{total}）',
  'ticket.list.expired':
    '此列表已无法翻页：Slack 只允许服务台在 30 分钟内更新它。请重新运行 `/ticket list` 获取新的列表。',
  'ticket.list.unreached': '无法连接 Slack 来显示该页。请重试，或重新运行 `/ticket list`。',
  'ticket.list.overdue': '超时工单（{total}）',
  'ticket.list.unassigned': '未分配工单（{total}）',
  'ticket.list.waiting': '等待客户的工单（{total}）',
  'ticket.list.page': '第 {from}-{to} 条，共 {total} 条，按到期时间排序',
  'ticket.list.shifted': '列表显示后已有变化（有工单已结或转走）：这是现在的最后一页。',
  'ticket.list.next': '下一页',
  'ticket.list.previous': '上一页',
  'ticket.list.response': '响应：{due}',
  'ticket.list.resolution': '解决：{due}',
  'ticket.list.reply': '答复：{due}',
  'ticket.list.paused': '已暂停，等待客户',
  'ticket.list.pausedClocks': '已暂停，等待客户；{clocks}',
  'ticket.list.overdueBy':
    '{clock, select, always {已超时 {over}（全天候计时），原定 {due} 到期} other {已超时工作时间 {over}，原定 {due} 到期}}',
  'ticket.list.overdueSince': '已于 {due} 超时',
  'ticket.list.heldByYou': '你',
  'ticket.button.open': '打开',
  'ticket.open.title': '工单',
  'ticket.open.card': '查看卡片和处理记录',
  'ticket.open.noCard': '它的卡片还没有发到分诊频道。',
  'ticket.card.reposted':
    ':information_source: {number} 的卡片已重新发布：{why, select, locked {Slack 不允许服务台更新之前那张} other {Slack 已无法更新之前那张（它已被删除）}}。处理记录在这里继续。',
  'ticket.post.anonymised':
    ':information_source: 这条消息与 {number} 有关。其内容已匿名化（保留期限到期或个人数据已删除）：其余信息请查看工单。',
  'ticket.post.requesterAnonymised':
    ':information_source: 这条消息与您的工单 *{number}* 有关。根据本工作区的数据保留规定或个人数据删除，其内容已移除。',
  'ticket.post.alertAnonymised':
    ':information_source: 这里原是 {number} 的 SLA 提醒。其内容已匿名化（保留期限到期或个人数据已删除）。',
  'ticket.post.taskAnonymised':
    ':information_source: 这条消息中原有 {number} 的任务。其内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除：你的未完成任务及其按钮见 `/task mine` 和应用主页。',
  'ticket.post.customerTaskAnonymised':
    ':information_source: 这条消息中原有一项任务。其内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除：你的未完成任务及其按钮见 `/task mine` 和应用主页。',
  'ticket.post.taskListAnonymised':
    ':information_source: 这条消息中原有一份任务列表。其中一项任务的内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除：你的未完成任务及其按钮见 `/task mine`（团队的任务见 `/task team`）和应用主页。',
  'ticket.post.surveyLowAnonymised':
    ':information_source: 这条消息中原有一位客户的低分调查答复。其内容已匿名化（保留期限到期或个人数据已删除），因此整条消息已移除。',
  'ticket.post.alertsAnonymised':
    ':information_source: 这里原是 {numbers} 的 SLA 提醒。其中有工单的内容已匿名化（保留期限到期或个人数据已删除），因此整条列表已移除：其余信息请查看各工单。',
  'ticket.card.outOfDate':
    ':warning: 这张卡片不再更新：Slack 不允许服务台更新它。{number} 已在 <#{channel}> 重新发布：请使用新卡片及其按钮和处理记录。',
  'ticket.confirm.claim': '{number} 现在由你处理。',
  'ticket.confirm.wait': '{number} 现在等待客户回复。',
  'ticket.confirm.resume': '{number} 已恢复处理。',
  'ticket.confirm.reopen': '{number} 已重新打开。',
  'ticket.confirm.close': '{number} 已关闭。',
  'home.mine.title': '*我的未结工单*（{total, number}），按到期时间排序',
  'home.mine.none': '没有分配给你的未结工单。',
  'home.waiting.title':
    '*等待你回复*（{total, number}）：等你答复的工单，以及你替 Slack 之外的客户提交、等其答复的工单（由你转达）',
  'home.waiting.none': '没有等待你的事项。',
  'home.waiting.contact': '等待{name}（{via}）：请用“客户来信…”记录其答复',
  'home.waiting.contactOnly': '等待{name}（{via}）',
  'home.guest.row':
    '*{number}* {title}\n{status, select, waiting {等待您的回复} handled {服务团队正在处理} other {已收到，服务团队即将接手}}',
  'home.customersUnassigned.title': '*你的客户无人处理的工单*（{total, number}），按到期时间排序',
  'home.customersUnassigned.none': '你的客户的未结工单都有人处理。',
  'home.tasks.title': '*今天到期和已逾期的任务*（{total, number}）',
  'home.tasks.none': '没有到期任务。',
  'home.tasks.more': '……另有 {count, number} 项，用 `/task mine` 查看全部。',
  'home.helping.title': '*你协助的任务*（{total, number}）',
  'task.helping.doneBy': '负责人 <@{executor}>',
  'home.approve.title': '*由我审批的任务*（{total, number}）',
  'home.signals.title': '*需关注的客户*（{total, number}）',
  'home.signal.churn': '流失风险',
  'home.signal.contract': '合同 {date} 到期',
  'home.signal.guestOwner': '由你负责：客户负责人 <@{user}> 不是本工作区成员',
  'home.risk.title': '*你的客户流失风险*',
  'home.risk.counts': '流失风险：{churn, number} 家 · 低流失风险：{low, number} 家',
  'home.risk.more': '……另有 {count, number} 家有流失风险。',
  'home.team.title': '团队',
  'home.team.unassigned': '*未分配*（{total, number}）',
  'home.team.breaching': '*一小时内将超时*（{total, number}）',
  'home.team.overdue': '*已超时*（{total, number}）',
  'home.team.escalated': '*已升级但未分配*（{total, number}）',
  'home.queue.none': '无。',
  'home.more': '……还有 {count, number} 条。',
  'home.more.in': '……还有 {count, number} 条，用 `{command}` 查看。',
  'home.week.title': '*本周至今*（自 {date} 起）',
  'home.week.figures':
    '新建 {opened, number} · 已解决 {resolved, number} · 首次响应及时率 {onTime} · 首次接触解决率 {fcr}',
  'home.admin.title': '服务台设置',
  'home.admin.settings': '设置',
  'home.admin.roles': '角色',
  'home.problem.none': '没有影响服务台运行的问题。',
  'home.problem.noTriage':
    ':warning: 尚未设置分诊频道：新工单的卡片会先保留，在 *设置* → *频道* 中设置后再发布。',
  'home.problem.noManagers':
    ':warning: 尚未设置主管：只有管理员能看到团队队列，{overdueTo, select, none {没有人会收到逾期清单} other {逾期清单只发到 <#{overdueTo}>}}。请在 *角色* 中添加。',
  'home.problem.noHolidays':
    ':warning: 未来 12 个月没有录入节假日：SLA 计时会在节假日照常运行。在 *设置* → *节假日* 中可载入中国法定节假日。',
  'home.problem.noDigest':
    ':warning: 尚未设置每周摘要频道：每周 KPI 摘要会生成，但不会发到任何地方。请在 *设置* → *频道* 中设置。',
  'home.problem.noEscalation':
    ':warning: 尚未设置升级频道：特急投诉的告警和升级通知{escalationTo, select, none {不会发到任何地方} other {会发到 <#{escalationTo}>}}。请在 *设置* → *频道* 中设置。',
  'home.problem.noUsersReadOauth':
    ':warning: 应用安装时没有 `users:read` 权限，Slack 不会告知谁是本工作区的访客：没有服务台角色的人无法查看服务台的列表、客户和他人的工单，在开放服务台上也无法处理工单。请从服务台的安装页面重新安装应用（会请求 `users:read` 权限），或在 *角色* 中为他们分配角色。',
  'home.problem.noUsersReadToken':
    ':warning: 服务台的 `bot` 令牌没有 `users:read` 权限，Slack 不会告知谁是本工作区的访客：没有服务台角色的人无法查看服务台的列表、客户和他人的工单，在开放服务台上也无法处理工单。请在 Slack 应用配置的 `OAuth & Permissions` 中为 `bot` 令牌添加 `users:read` 权限，并将应用重新安装到工作区（如果 Slack 显示了新的 `bot` 令牌，请填入服务台的 `SLACK_BOT_TOKEN`）；或在 *角色* 中为他们分配角色。',
  'home.problem.ownerUnknown':
    ':warning: Slack 中没有用户 `{owner}`（不存在，或应用无权查看），但有 {count, number} 家客户的负责人是这个 ID：其任务、客户信号和工单无人接收。请为这些客户更换负责人：在客户卡片的“编辑”中修改“负责人”，或用客户文件的 `负责人` 列导入（`npm run customers -- import`）。',
  'home.problem.ownersUnknownMore':
    '……另有 {count, number} 个 Slack 中不存在的用户 ID 仍是客户的负责人：上面的客户更换负责人后，会在这里列出。',
  'home.problem.notInChannel':
    ':warning: Slack 拒绝服务台在 <#{channel}> 发消息（未邀请应用，或频道已不存在）：请邀请应用加入或换一个频道。',
  'ticket.list.none.open': '没有未结工单。用 `/ticket new` 新建一个。',
  'ticket.list.none.mine':
    '没有分配给你的未结工单。{next, select, claim {可以从 `/ticket list unassigned` 认领，或用 `/ticket new` 新建。} open {你提交的请求可用 `/ticket requests` 查看；如需服务团队帮助，可用 `/ticket new` 新建工单。} other {}}',
  'ticket.list.none.unassigned': '所有未结工单都已分配。用 `/ticket list` 查看全部。',
  'ticket.list.none.overdue': '没有超时工单。用 `/ticket list` 查看全部未结工单。',
  'ticket.list.none.waiting': '没有等待客户的工单。用 `/ticket list` 查看全部未结工单。',
  'home.problem.dismiss': '忽略',
  'order.error.numberTaken': '订单号 {number} 已在 {date} 录入给 {code}。',
  'alert.more': '……还有 {count, number} 条：请查看 `/ticket list overdue`。',
  'alert.held':
    '_自 {since} 起{refused, select, yes {因 Slack 拒绝该频道（`{error}`）} other {}}暂缓发送：以下按工单当前状态列出{dropped, plural, =0 {} other {；{dropped, number} 条告警已不再适用，未列出}}。_',
  'alert.escalationHeader': 'SLA 超时自动升级（{count, number}）',
  'alert.dmHeader': '你负责的工单有 SLA 告警（{count, number}）',
  'alert.dmHeaderFollow': '需要你跟进的 SLA 告警（{count, number}）',
  'alert.dmHeaderHandedOver': '已不再由你负责：SLA 超时自动升级（{count, number}）',
  'alert.header': 'SLA 告警（{count, number}）',
  'alert.responseWarn':
    ':warning: *{number}* {title} · {customer} · {severity}：首次响应即将到期{hasDue, select, yes {（截止 {due}）} other {}}',
  'alert.resolutionWarn':
    ':warning: *{number}* {title} · {customer} · {severity}：解决时限即将到期{hasDue, select, yes {（截止 {due}）} other {}}',
  'alert.responseBreach':
    ':rotating_light: *{number}* {title} · {customer} · {severity}：首次响应{hasDue, select, yes {已于 {due} 超时} other {已超时}}',
  'alert.resolutionBreach':
    ':rotating_light: *{number}* {title} · {customer} · {severity}：解决{hasDue, select, yes {已于 {due} 超时} other {已超时}}',
  'alert.replyBreach':
    ':rotating_light: *{number}* {title} · {customer} · {severity}：客户再次来信，尚未答复{hasDue, select, yes {（已于 {due} 超时）} other {}}',
  'alert.replyBreachReopened':
    ':rotating_light: *{number}* {title} · {customer} · {severity}：{who, select, requester {报告人 <@{by}> 表示问题未解决并重新打开了工单} revisit {回访发现问题未解决，服务台重新打开了工单} desk {服务台重新打开了工单} staff {<@{by}> 重新打开了工单} other {工单已被重新打开}}，此后尚未答复客户{hasDue, select, yes {（已于 {due} 超时）} other {}}',
  'alert.escalateL2': ':arrow_double_up: *{number}* {title} · {customer}：超时自动升级到 L2',
  'alert.escalateL2.noExperts':
    ':arrow_double_up: *{number}* {title} · {customer}：超时自动升级到 L2；尚未设置 L2 专家，由主管接手。请在 `/desk roles` 中设置专家',
  'alert.escalateL2.kept':
    ':arrow_double_up: *{number}* {title} · {customer}：超时自动升级到 L2；没有其他人可接手，仍由当前处理人负责。请在 `/desk roles` 中添加更多专家',
  'alert.escalateL3': ':arrow_double_up: *{number}* {title} · {customer}：已升级到 L3（客户经理）',
  'alert.guestOwner': '（客户负责人 <@{user}> 不是本工作区成员，由客户经理代为负责）',
  'alert.escalatedToYou':
    ':arrow_double_up: *{number}* {title} · {customer}：超时自动升级到 L{level}，现由你负责{hasFrom, select, yes {（接手自 <@{from}>）} other {}}。该工单已超出 SLA，请优先处理。',
  'alert.escalatedAway':
    ':arrow_double_up: *{number}* {title} · {customer}：超时自动升级到 L{level}，现由 <@{user}> 负责。请在工单话题中交接你已了解的情况。',
  'alert.autoEscalateReason': 'SLA 超时',
  'alert.who.assignee': '处理人 <@{user}>',
  'alert.who.unassigned': '未分配，已通知客户经理 <@{user}>',
  'alert.who.nobody': '未分配，且没有可通知的客户经理',
  'alert.who.unassignedYou': '未分配',
  'alert.who.you': '由你处理',
  'alert.who.handedOver': '已转交 <@{user}>',
  'ticket.event.autoEscalate': 'SLA 超时：已自动升级到 L{level}，由 <@{user}> 处理。',
  'ticket.event.desk.unsharedResume':
    '客户的组织已退出 <#{channel}>（Slack Connect 已断开）：没有人能再在那里答复提问，因此服务台恢复了此工单，SLA 从断开时起继续计时。请通过其他方式联系客户。',
  'ticket.event.desk.created': '由 <@{user}> 在 <#{channel}> 发的消息创建。',
  'ticket.event.desk.createdPlain': '服务台创建了此工单。',
  'ticket.event.desk.note': '服务台备注：{text}',
  'ticket.event.desk.resume': '服务台恢复处理，SLA 计时继续。',
  'ticket.event.desk.close': '重新打开的期限已过，系统已关闭此工单。',
  'ticket.event.desk.reopen': '服务台重新打开了此工单。',
  'ticket.event.desk.revisitReopen': '服务台重新打开了此工单：回访发现问题未解决。',
  'ticket.event.replyResume': '<@{by}> 回复了，SLA 计时继续：{text}',
  'ticket.event.replyReopen': '<@{by}> 回复了，工单已重新打开：{text}',
  'ticket.event.desk.replyResume': '客户回复了，SLA 计时继续：{text}',
  'ticket.event.desk.replyReopen': '客户回复了，工单已重新打开：{text}',
  'ticket.event.colleague.replyResume': '客户方的 <@{by}> 回复了，SLA 计时继续：{text}',
  'ticket.event.colleague.replyReopen': '客户方的 <@{by}> 回复了，工单已重新打开：{text}',
  'ticket.event.reply': '<@{by}> 回复：{text}',
  'ticket.event.customerWrote': '<@{by}> 记录了客户通过{via}说的话：{text}',
  'ticket.event.customerWroteResume': '<@{by}> 记录了客户通过{via}的答复，SLA 计时继续：{text}',
  'ticket.event.desk.reply': '客户回复：{text}',
  'ticket.event.colleague.reply': '客户方的 <@{by}> 回复：{text}',
  'ticket.event.undescribed.reply':
    '<@{by}> 在客户会话中写道（Slack 始终未说明其是同事还是访客，工单保持原状）：{text}',
  'ticket.event.followUp': '<@{by}> 补充：{text}',
  'ticket.event.desk.followUp': '客户补充：{text}',
  'ticket.event.edited': '<@{by}> 修改了消息，现为：{text}',
  'ticket.event.desk.edited': '客户修改了消息，现为：{text}',
  'order.error.negative': '请输入大于零的金额。',
  'order.error.refund': '请输入大于零的金额：退款或退货不作为订单录入。',
  'order.error.deliveredBeforeOrder': '交付日期早于订单日期。',
  'delivery.modal.title': '录入交付',
  'delivery.field.order': '已交付的订单',
  'delivery.hint.order': '该客户最近的 {max} 个订单，最新的在前。',
  'delivery.option.delivered': '已于 {date} 交付',
  'delivery.error.noOrders':
    '*{name}*（{code}）还没有订单记录：请用“录入订单”录入，其中的“交付日期”即可填写交付日期。',
  'delivery.error.orderGone': '该订单已不在档案中：请另选一个。',
  'delivery.recorded':
    '已记录：*{name}*（{code}）{date} 的订单（{amount}）已于 {delivered} 交付；客户负责人会收到一个 3 个工作日内的交付回访任务。',
  'delivery.recordedGuestOwner':
    '已记录：*{name}*（{code}）{date} 的订单（{amount}）已于 {delivered} 交付；<@{user}> 会收到一个 3 个工作日内的交付回访任务，代客户负责人 <@{owner}>（非本工作区成员）负责。',
  'delivery.recordedNoRevisit':
    '已记录：*{name}*（{code}）{date} 的订单（{amount}）已于 {delivered} 交付。不会为它安排交付回访：系统只为最近 7 天内的交付安排回访（如客户需要回访，请用“新建任务”添加）。',
  'delivery.recordedOptedOut':
    '已记录：*{name}*（{code}）{date} 的订单（{amount}）已于 {delivered} 交付。不会为它安排交付回访：该客户的所有联系人都已选择不接受回访。',
  'delivery.recordedRevisitOpen':
    '已记录：*{name}*（{code}）{date} 的订单（{amount}）已于 {delivered} 交付。它的交付回访是按之前记录的交付日期安排的，截止日期仍为 {due}：如需按新的交付日期回访，请用“修改截止日期”调整。',
  'delivery.recordedRevisitClosed':
    '已记录：*{name}*（{code}）{date} 的订单（{amount}）已于 {delivered} 交付。它的交付回访已按之前记录的交付日期安排并已结束：不会再安排第二个（如客户需要回访，请用“新建任务”添加）。',
  'delivery.unchanged':
    '*{name}*（{code}）{date} 的订单（{amount}）已记为 {delivered} 交付，未作更改。',
  'task.alsoTickets': '（另含 {numbers}）',
  'task.kind.revisit': '回访',
  'task.kind.guide': '使用指南与答疑',
  'task.kind.checkin': '客户经理定期走访',
  'task.prefers': '{contact}偏好“{channel}”',
  'task.kind.care': '客户关怀',
  'task.kind.winback': '挽回电话',
  'task.kind.recovery': '低分回访',
  'task.what.revisit': '确认问题是否真正解决、服务是否满意（满意度、NPS）。',
  'task.what.guide': '发送使用指南，并提供在线答疑。',
  'task.what.checkin': '电话或拜访：了解使用情况、新需求、相关案例。',
  'task.what.care': '按客户等级的关怀节奏联系客户。',
  'task.what.winback': '客户可能流失：致电了解原因并挽回。',
  'task.kind.call': '关怀电话',
  'task.kind.visit': '拜访',
  'task.kind.qbr': '季度业务复盘',
  'task.kind.greeting': '节日问候',
  'task.kind.issue': '问题跟进',
  'task.kind.needs': '需求挖掘',
  'task.kind.other': '任务',
  'task.what.call': '按维护计划电话回访（潜力客户、稳定期客户）：使用情况、新需求。',
  'task.why.care':
    '{reason, select, vip {VIP 客户：每 {days, number} 天一次高层拜访（关系、计划、需求）} potential {潜力客户：每 {days, number} 天一次电话回访（使用情况、新需求）} stable {稳定期{tier}：每 {days, number} 天一次电话回访（使用情况、新需求）} prospect {重点潜力客户，按{tier}维护：每 {days, number} 天一次关怀联系} other {{tier}：每 {days, number} 天一次关怀联系}}；{since, select, contact {上次联系} cancelled {上次计划联系已取消，原定} cancelled_on {上次计划联系取消于} cooperation {合作始于} other {首次接触于}} {date}。',
  'task.what.visit': 'VIP 客户月度高层拜访：关系、计划、需求。',
  'task.what.qbr': '与客户进行季度业务复盘：成果、问题、下季度计划。',
  'task.what.greeting': '向所列联系人发送节日问候。',
  'task.what.issue': '跟进未解决的问题，直到客户确认解决。',
  'task.what.needs': '挖掘客户的新需求或隐性需求。',
  'task.what.other': '手工创建的任务。',
  'greeting.spring_festival': '春节',
  'greeting.dragon_boat': '端午节',
  'greeting.mid_autumn': '中秋节',
  'greeting.national_day': '国庆节',
  'greeting.new_year': '元旦',
  'greeting.content': '{holiday}（{date}）：问候{contacts}',
  'greeting.header': '{holiday}（{date}）将至：{count} 家客户待问候',
  'greeting.line': '• {name} · {contacts} · {due} 前完成',
  'greeting.summary': '已发送节日问候',
  'task.what.recovery': '报告人给出了低满意度评分：请在 24 小时内致电，了解问题所在并予以补救。',
  'task.kind.survey': '满意度调查',
  'task.what.survey':
    '重点客户季度满意度调查：请一位联系人评价满意度（1-5）、推荐意愿（0-10），并收集改进意见。',
  'task.kind.upgrade': '升级意向：联系',
  'task.what.upgrade': '客户想要更多：请联系客户商谈升级。',
  'task.kind.progress': '项目进展周报',
  'task.what.progress': '向客户发送本周的项目进展说明。',
  'task.why.progress': '向客户发送本周的项目进展说明（每周三；项目进行至 {until}）。',
  'task.kind.delivery': '交付回访',
  'task.what.delivery':
    '订单已交付：请在 3 个工作日内回访客户（是否齐全、能否正常使用、是否已用起来）。',
  'task.why.delivery':
    '{order} 的订单已于 {date} 交付：请在 3 个工作日内回访（是否齐全、能否正常使用、是否已用起来）。',
  'task.field.surveyContact': '受访联系人',
  'task.hint.surveyContactTyped': '客户档案中没有联系人：请填写答复人（姓名、职务）。',
  'task.error.contactGone': '该联系人已不在客户档案中：请另选一位。',
  'task.summary.survey':
    '{contact}的季度满意度调查：满意度 {satisfaction}/5（{label}），NPS {nps}。',
  'task.content.callRecovery':
    '工单 {number} 的“{call}”记录的评分：{satisfaction, select, none {} other {满意度 {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {，}}NPS {nps}}}。请在 24 小时内致电，了解问题所在并予以补救。',
  'task.content.requesterRecovery':
    '工单 {number} 的报告人给出的评分：{satisfaction, select, none {} other {满意度 {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {，}}NPS {nps}}}。请在 24 小时内致电，了解问题所在并予以补救。',
  'task.content.surveyRecovery':
    '季度满意度调查得分：{satisfaction, select, none {} other {满意度 {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {，}}NPS {nps}}}。请在 24 小时内致电，了解问题所在并予以补救。',
  'task.done.recoveryPlanned': '评分较低：已为 <@{user}> 安排 *低分回访*，{date} 到期。',
  'task.surveyLow.notice':
    '{customer}的季度满意度调查得分较低：{contact}给出满意度 {satisfaction}/5，NPS {nps}（由 <@{by}> 记录）。',
  'task.surveyLow.recovery': '已为 <@{owner}> 安排 *低分回访*，{date} 到期。',
  'task.surveyLow.feedback': '反馈：{feedback}',
  'task.done.recoveryPlannedYou': '评分较低：已为你安排 *低分回访*，{date} 到期。',
  'task.error.cancelled.not_key':
    '该任务已取消：该客户已不再是重点或战略客户，不再需要季度满意度调查。',
  'task.error.cancelled.project_ended': '该任务已取消：客户的项目已结束，不再需要发送进展说明。',
  'task.error.cancelled.superseded':
    '该任务已取消：本周的进展说明已取而代之（上周的未在当周发送）。',
  'task.error.cancelled.not_vip': '该任务已取消：该客户已不再是 VIP 客户，不再需要季度业务复盘。',
  'task.error.cancelled.erased': '该任务已取消：该客户已应其要求被删除，不再联系。',
  'task.error.cancelled.expired': '该任务已取消：节日已过，不再需要节日问候。',
  'task.error.cancelled.merged':
    '该任务已取消：其工单 {number} 已合并到 {into}，改在 {into} 中跟进。',
  'task.dueToday': '*今天* 到期',
  'task.dueIn': '{date} 到期（还有 {days, number} 天）',
  'task.dueLate': '{date} 到期（*已逾期 {days, number} 天*）',
  'task.reminder.header': '你的跟进任务（{count, number}）',
  'task.reminder.continued': '你的跟进任务（{count, number}，续）',
  'task.overdue.header': '逾期的跟进任务（{count, number}）',
  'task.more': '……另有 {count, number} 项。',
  'task.error.ticketCustomer': '此任务跟进工单 {number}，该工单属于客户 {code}：请选择该客户。',
  'task.overdue.more': '……另有 {count, number} 项，用 `/task team` 查看全部。',
  'task.team.header': '团队的未完成任务（{count, number}），逾期的在前',
  'task.team.heldHeader':
    '等待有人处理的任务（{count, number}），逾期的在前：这些任务的执行人是客户负责人，但不是本工作区成员（访客，或其他组织的人），服务台也没有本组织的其他主管或管理员代为负责。这些任务的任何内容都不会发给该执行人。用“编辑任务”接手（执行人选你自己），或用“完成”直接完成。',
  'task.team.heldNone': '没有等待有人处理的任务。团队的未完成任务只有主管和管理员可以查看。',
  'tasks.ownerHeld':
    ':warning: Slack 显示 <@{owner}> {why, select, external {属于其他组织（Slack Connect）} other {是本工作区的访客}}，但此人仍负责 {count, number} 家客户。服务台没有本组织的主管或管理员可以代为负责，因此此人的工作被暂时保留：这些客户的任何内容都不会发给此人。任何客服都可以在 `/task team` 中接手这些任务（“编辑任务”，执行人选自己）。请运行服务台服务器的人把你们中的一位设为管理员：`npm run admins -- --team {team} --add` 加上该成员的 ID。之后其余工作会交给该管理员，由该管理员为这些客户指定其他负责人。',
  'staff.toldInstead':
    ':information_source: 你收到此消息，是因为服务台的管理员和主管都无法联系：他们都负责客户，但不是本工作区的成员（访客，或属于其他组织），服务台不会向他们发送任何内容。此消息所说的事需由管理员处理（`/desk settings` 和 `/desk roles` 仅限管理员）：请告知其中一位，或请运行服务台服务器的人把你们中的一位设为管理员（`npm run admins -- --team {team} --add` 加上该成员的 ID）。',
  'home.heldTasks':
    ':warning: 有{more, select, yes {超过 {max, number}} other { {count, number}}} 个任务等待有人处理：其执行人是客户负责人，但不是本工作区成员（访客，或其他组织的人），服务台也没有本组织的其他主管或管理员代为负责。`/task team` 列出这些任务：用“编辑任务”接手。',
  'home.adminsExternal':
    '本服务台的管理员都属于其他组织（Slack Connect）：他们在这里不担任任何角色，因此无人能修改设置或角色。请运行服务台服务器的人执行 `npm run admins -- --team {team} --add {user}` 把你设为管理员。',
  'task.team.none': '你的团队没有未完成的任务。',
  'task.team.forbidden': '只有服务台主管和管理员可以查看团队的任务。你自己的任务：`/task mine`。',
  'task.done.button': '完成',
  'task.due.button': '修改截止日期',
  'task.due.title': '修改截止日期',
  'task.due.submit': '保存',
  'task.due.field': '新的截止日期',
  'task.due.hint': '今天或之后，按工作区时区（{timeZone}）。将按新日期再次提醒。',
  'task.due.confirm': ':calendar: {task}的截止日期已改为 {date}。',
  'task.due.unchanged': '{task}的截止日期已是 {date}。',
  'task.due.toExecutor': ':calendar: <@{by}> 将你的任务{task}的截止日期从 {from} 改为 {date}。',
  'task.due.toApprover':
    ':calendar: <@{by}> 将由你审批的任务{task}（负责人 <@{executor}>）的截止日期从 {from} 改为 {date}。',
  'task.due.toHelper':
    ':calendar: <@{by}> 将你协助的任务{task}（负责人 <@{executor}>）的截止日期从 {from} 改为 {date}。',
  'task.error.rescheduleForbidden':
    '只有任务执行人（<@{user}>）{signedOff, select, yes {、审批人（<@{approver}>）} other {}}或主管可以修改该任务的截止日期。',
  'task.error.cancelComplaint': '投诉的联系任务不能取消：它的“完成”记录客户已被联系。',
  'task.error.rescheduleComplaint': '投诉的联系任务以投诉的联系时限为准，不能修改截止日期。',
  'task.error.editForbidden':
    '只有任务执行人（<@{user}>）{planned, select, yes {、安排人（<@{planner}>）} other {}}或主管可以编辑该任务。',
  'task.error.takenMeanwhile':
    '一位同事（<@{user}>）已先接手此任务：现由此人负责，不再等待有人处理。',
  'task.cancel.button': '取消任务…',
  'task.cancel.title': '取消任务',
  'task.cancel.submit': '取消任务',
  'task.cancel.field.reason': '原因',
  'task.cancel.reason.not_reached': '未联系上客户',
  'task.cancel.reason.by_hand': '不再需要（误建、重复…）',
  'task.cancel.field.note': '说明',
  'task.cancel.hint.note': '任务不再需要时必填。未联系上客户时：可填写尝试过的联系方式（选填）。',
  'task.cancel.nothingLogged':
    '不记录客户互动，也不记录满意度：该任务将不再提醒，不再出现在逾期清单中，也不计入完成率和按时完成率。',
  'task.cancel.confirm': ':no_entry_sign: 已取消：{task}。未在客户档案中记录任何内容。',
  'task.cancel.confirmNotReached':
    ':no_entry_sign: 已按未联系上客户关闭：{task}。未记录客户互动和评分。',
  'task.cancel.told.byHand':
    ':no_entry_sign: <@{by}> 取消了{role, select, executor {你的任务} approver {你审批的任务} other {你协助的任务}}{task}{role, select, executor {} other {（负责人 <@{executor}>）}}：该任务不再需要。',
  'task.cancel.told.notReached':
    ':no_entry_sign: <@{by}> 关闭了{role, select, executor {你的任务} approver {你审批的任务} other {你协助的任务}}{task}{role, select, executor {} other {（负责人 <@{executor}>）}}：未联系上客户，未记录评分。',
  'task.cancel.told.note': '说明：{note}',
  'task.error.cancelForbidden':
    '只有任务安排人{planned, select, yes {（<@{planner}>）} other {}}{signedOff, select, yes {、审批人（<@{approver}>）} other {}}或执行人（<@{user}>）的主管可以取消该任务。',
  'task.error.cancelForbiddenField':
    '只有任务安排人、审批人或执行人的主管可以以"不再需要"取消该任务。',
  'task.error.notReachedKind':
    '只有以客户答复为结果的任务（回访、满意度调查、拜访等）可以按未联系上客户关闭。',
  'task.error.cancelled.by_hand': '该任务已取消（由 <@{user}> 取消）：{note}',
  'task.error.cancelled.resolvedUncontacted': '此任务已关闭：该投诉已在未联系上客户的情况下解决。',
  'task.error.cancelled.not_reached': '该任务已关闭（由 <@{user}> 关闭）：未联系上客户。',
  'task.edit.button': '编辑任务',
  'task.edit.title': '编辑任务',
  'task.edit.submit': '保存',
  'task.edit.builtIn':
    '该任务由系统安排：类型、内容和截止日期由系统决定（改期请用“修改截止日期”），只能更改负责人和协助人。',
  'task.edit.confirm': ':pencil2: 已保存{task}：{fields}。',
  'task.edit.unchanged': '{task}没有改动。',
  'task.edit.field':
    '{field, select, assigneeId {负责人} helperId {协助人} approverId {审批人} dueDate {截止日期} other {任务内容}}',
  'task.edit.toExecutor':
    ':clipboard: <@{by}> 把一项任务交给了你：{task}，{due}{from, select, none {} other {（原负责人 <@{from}>）}}{planner, select, none {} other {，安排人 <@{planner}>}}。',
  'task.edit.toOldExecutor':
    ':arrow_right: <@{by}> 已把你的任务{task}转交给 <@{to}>，它不再由你负责。',
  'task.edit.toApprover':
    ':clipboard: <@{by}> 指定你为一项任务的审批人：{task}，负责人 <@{executor}>，{due}{planner, select, none {} other {，安排人 <@{planner}>}}。',
  'task.edit.changed': ':pencil2: <@{by}> 修改了你的任务{task}：{fields}。',
  'task.edit.toApproverChanged':
    ':pencil2: <@{by}> 修改了由你审批的任务{task}（负责人 <@{executor}>）：{fields}。',
  'task.edit.toOldApprover': ':arrow_right: <@{by}> 更换了任务{task}的审批人，该任务不再由你审批。',
  'task.error.changedMeanwhile': '有人同时修改了该任务，请重试。',
  'task.error.fieldChangedMeanwhile': '你打开表单后，有人修改了此项：请关闭后重新打开“编辑任务”。',
  'task.done.title': '记录结果',
  'task.done.submit': '标记完成',
  'task.field.solved': '问题解决了吗？',
  'task.solved.yes': '已解决',
  'task.solved.no': '未解决：重新打开工单',
  'task.field.satisfaction': '满意度（1-5）',
  'task.hint.satisfaction': '5 = 非常满意，1 = 非常不满意。',
  'task.field.nps': '推荐意愿（0-10）',
  'task.hint.nps': 'NPS 问题：9-10 为推荐者，0-6 为贬损者。',
  'task.field.churnReason': '流失原因',
  'task.hint.churnReason': '记录在客户档案中，供报表统计流失原因。选择“不会流失”则不记录原因。',
  'task.churnReason.staying': '不会流失：客户留下',
  'task.hint.summary': '选填：以上回答会作为摘要记录。',
  'task.summary.solved': '{number} 回访：已解决。满意度 {satisfaction}/5，NPS {nps}。',
  'task.summary.unsolved': '{number} 回访：未解决。满意度 {satisfaction}/5，NPS {nps}。',
  'task.error.notFound': '该任务已不存在。',
  'task.error.forbidden':
    '只有任务执行人（<@{user}>）{signedOff, select, yes {、审批人（<@{approver}>）} other {}}或主管可以完成该任务。',
  'task.error.done': '该任务已完成（由 <@{user}> 完成）。',
  'task.error.cancelled': '该任务已取消。',
  'task.error.cancelled.reopened': '该任务已取消：其工单已被重新打开。',
  'task.error.cancelled.contacted': '该任务已取消：期间已通过其他方式联系过客户。',
  'task.error.cancelled.churned': '该任务已取消：客户已流失，关怀计划不再需要此任务。',
  'task.error.cancelled.opted_out':
    '该任务已取消：客户的所有联系人均已拒收此类联系，关怀计划不再需要此任务。',
  'task.error.cancelled.risk_lifted': '该任务已取消：流失风险已解除，无需再打挽回电话。',
  'task.error.cancelled.not_cared':
    '该任务已取消：该线索已不再是重点潜在客户，关怀计划不再需要此任务。',
  'task.done.confirm': ':white_check_mark: 已完成：{task}。已记录为一次客户互动。',
  'task.done.reopened': '问题未解决，已重新打开 *{number}*。',
  'task.done.lateCall':
    ':white_check_mark: *{kind}*：通话已记录为一次客户互动。任务本身在填写期间已取消：{merged, select, yes {{from} 已合并到 *{number}*} other {*{number}* 已重新打开}}。{noted, select, yes {客户反馈已作为备注添加到 *{number}*。} other {}}',
  'task.lateCall.note':
    '{kind}通话（{merged, select, yes {{from} 合并到本工单后记录} other {本工单重新打开后记录}}）：{summary}',
  'task.lateCall.noteFeedback': '客户反馈：{feedback}',
  'task.done.closedTicket':
    '问题未解决，已如实记录；*{number}* 已关闭，无法重新打开：请为剩余问题新建工单。',
  'task.done.contactNotRecorded':
    ':warning: 此次联系未能记录到投诉 *{number}* 上：该投诉仍显示未联系客户。请告知主管。',
  'task.done.reopenLater':
    ':warning: 问题未解决，已如实记录；*{number}* 暂时未能重新打开：服务台会在几分钟内重新打开它。',
  'task.error.reopenForbidden':
    '选择“未解决”会重新打开 {number}：只有该回访的执行人或主管可以这样记录。请他们来记录此次回访（处理人、或解决后 {days} 天内的报告人，也可以直接重新打开 {number}）。未保存任何内容。',
  'task.error.contactForbidden':
    '完成此任务会在投诉 {number} 上记录联系：只有该任务的执行人、客户的客户经理或主管可以记录。请他们来记录。未保存任何内容。',
  'signal.header': '今天给你的客户提醒（{count, number}）',
  'signal.contract':
    ':date: {name}的合同{days, plural, =0 {今天（{date}）到期} other {将于 {date} 到期（还有 # 天）}}。',
  'signal.contractEnded':
    ':date: 补发提醒：{name}的合同已于 {date} 到期（{days, number} 天前），当时未能按时提醒。',
  'signal.forManager': '{line}_（重点客户，客户经理 <@{owner}>）_',
  'signal.tier.forManager': '{line}_（客户经理 <@{owner}>）_',
  'signal.upsell.forManager': '{line}_（客户经理 <@{owner}>，值得与其一同约见客户）_',
  'signal.forStandIn': '{line}_（由你负责：客户负责人 <@{owner}> 不是本工作区成员）_',
  'signal.birthday': ':birthday: 今天是{contact}（{name}）的生日。',
  'signal.birthdayOn': ':birthday: {date} 是{contact}（{name}）的生日（非工作日）。',
  'signal.birthdayWas':
    ':birthday: 补发提醒：{date} 是{contact}（{name}）的生日，当时未能按时提醒。',
  'signal.churn.inactive':
    ':warning: {name}有流失风险：{days, number} 天没有互动也没有订单。生命周期已设为流失预警，已安排挽回电话。',
  'signal.churn.competitor':
    ':warning: {name}有流失风险：记录有竞争对手接触。生命周期已设为流失预警，已安排挽回电话。',
  'signal.churn.falling':
    ':warning: {name}有流失风险：本月之前的 3 个整月下单 {recent, number} 次，再之前 3 个月 {previous, number} 次。生命周期已设为流失预警，已安排挽回电话。',
  'signal.churn.replaces': '挽回电话取代 {date} 到期的 *{task}*（已关闭）：只联系客户一次。',
  'signal.tier.up':
    ':arrow_up: 季度分级评审：{name}近 12 个月采购额 {revenue}，由{from}升为{to}。今后其一般工单须在 {hours, number} 个工作小时内首次响应，每 {days, number} 天关怀联系一次。',
  'signal.tier.down':
    ':arrow_down: 季度分级评审：{name}近 12 个月采购额 {revenue}，由{from}降为{to}。今后其一般工单须在 {hours, number} 个工作小时内首次响应，每 {days, number} 天关怀联系一次。',
  'signal.tier.upNoCare':
    ':arrow_up: 季度分级评审：{name}近 12 个月采购额 {revenue}，由{from}升为{to}。今后其一般工单须在 {hours, number} 个工作小时内首次响应。',
  'signal.tier.downNoCare':
    ':arrow_down: 季度分级评审：{name}近 12 个月采购额 {revenue}，由{from}降为{to}。今后其一般工单须在 {hours, number} 个工作小时内首次响应。',
  'signal.upsell':
    ':chart_with_upwards_trend: 增购机会：{name}本月之前的 3 个整月下单 {recent, number} 次，再之前 3 个月为 {previous, number} 次。',
  'period.week': '{year} 年第 {n, number} 周',
  'period.month': '{year} 年 {n, number} 月',
  'period.quarter': '{year} 年第 {n, number} 季度',
  'digest.title': '每周 KPI 摘要 · {week}（{from} 至 {to}）',
  'digest.text':
    '{title}：新建工单 {opened, number} 张，已解决 {resolved, number} 张；{first}，{second}；流失预警 {churn, number} 家',
  'digest.text.response': '首次响应及时率 {rate}',
  'digest.text.resolution': 'SLA 内解决率 {rate}',
  'digest.section.tickets': '工单',
  'digest.section.service': '服务水平',
  'digest.section.satisfaction': '回访记录的满意度与跟进',
  'digest.section.customerSatisfaction': '报告人满意度（本人评价）',
  'digest.section.customers': '客户',
  'digest.section.agents': '按处理人',
  'format.valueChange': '{value}{change}',
  'digest.base.answers': '共 {count, number} 份回答',
  'digest.base.sent': '共发出 {count, number} 份问卷',
  'digest.base.done': '（已完成 {count, number} 项）',
  'digest.base.partOf': '（{part, number}/{count, number} 次）',
  'digest.change': '（较上周 {delta}）',
  'digest.changePoints': '（较上周 {delta} 个百分点）',
  'digest.target': '目标 {target}',
  'digest.f.opened': '新建',
  'digest.openedByType': '按类型新建：{list}',
  'digest.f.loggedLate': '收到超 1 小时才录入',
  'digest.f.resolved': '已解决',
  'digest.f.backlog': '本周结束时积压',
  'digest.f.overdue': '本周结束时超时',
  'digest.f.responded': '首次响应数',
  'digest.f.responseOnTime': '首次响应及时率',
  'digest.f.resolvedWithin72h': '72 小时内解决率',
  'digest.hoursNote': '72 小时内解决率：按 72 个工作小时计算；全天候计时的工单按自然时间。',
  'digest.f.resolvedWithinSla': 'SLA 内解决率',
  'digest.f.nextReplyOnTime': '后续答复及时率',
  'digest.f.nextReplies': '后续答复数',
  'digest.f.nextRepliesInTime': '及时的后续答复数',
  'digest.f.firstContactResolution': '首次接触解决率',
  'digest.f.medianFirstResponseMinutes': '首次响应中位数（工作时间；全天候计时的工单按自然时间）',
  'digest.f.medianResolutionMinutes': '解决时长中位数（工作时间；全天候计时的工单按自然时间）',
  'digest.f.complaints': '新增投诉',
  'digest.f.satisfaction': '满意度（百分制）',
  'digest.f.satisfactionResponses': '满意度回答数',
  'digest.f.verySatisfiedShare': '非常满意占比',
  'digest.f.nps': 'NPS',
  'digest.f.npsResponses': 'NPS 回答数',
  'digest.f.customerSatisfaction': '满意度，问卷（百分制）',
  'digest.f.customerSatisfactionResponses': '问卷满意度回答数',
  'digest.f.customerNps': 'NPS，问卷',
  'digest.f.customerNpsResponses': '问卷 NPS 回答数',
  'digest.f.surveysSent': '已发送问卷',
  'digest.f.surveyResponseRate': '问卷回复率',
  'digest.f.revisitsDue': '到期的跟进任务',
  'digest.f.revisitsOnTime': '跟进按时完成率',
  'digest.f.followUpsNotReached': '以未联系上客户关闭的跟进任务',
  'digest.f.followUpsMoved': '改到更晚日期的跟进任务',
  'digest.f.tierUps': '等级上调',
  'digest.f.tierDowns': '等级下调',
  'digest.f.newCustomers': '新客户',
  'digest.f.churnWarnings': '流失预警',
  'digest.f.upgradeIntents': '转交销售的升级意向',
  'digest.f.upgradeIntentsDone': '已跟进的升级意向',
  'digest.f.churned': '已流失',
  'digest.f.retention': '留存率',
  'digest.f.lowRiskCustomers': '低风险客户',
  'digest.tiers':
    '各等级客户（仅计成交客户{prospects, plural, =0 {} other {，另有 # 家意向客户未计入}}）：战略 {strategic, number} · 重点 {key, number} · 普通 {normal, number}。本周等级变化：上调 {ups, number}，下调 {downs, number}。',
  'digest.agent': '<@{user}>：{figures}',
  'digest.agent.resolved': '解决 {count, number}',
  'digest.agent.withinSla': 'SLA 内 {rate}',
  'digest.agent.responseOnTime': '首次响应及时 {rate}',
  'digest.agent.fcr': '首次接触解决率 {rate}',
  'digest.agent.handling': '处理时长 {time}',
  'digest.agent.satisfaction': '满意度 {score}',
  'digest.agent.followUps': '完成跟进 {count, number}',
  'digest.loggedLateBy':
    '收到超 1 小时才录入的工单（按录入人）：{list}{more, plural, =0 {} other {，另有 # 人}}。',
  'digest.loggedLateItem': '<@{user}> {count, number} 张',
  'digest.noAgents': '本周没有已解决的工单。',
  'digest.section.breaches': '超出 SLA 的工单',
  'digest.breach.ticket': '{ticket}（{customer}）',
  'digest.breach.open':
    '{ticket} · 本周结束时仍未解决，{what, select, response {首次响应已超时} reply {{who, select, requester {报告人 <@{by}> 表示问题未解决并重新打开了工单，未在时限内答复客户} revisit {回访发现问题未解决，服务台重新打开了工单，未在时限内答复客户} desk {服务台重新打开了工单，未在时限内答复客户} staff {<@{by}> 重新打开了工单，未在时限内答复客户} someone {工单已被重新打开，未在时限内答复客户} other {客户再次来信，未在时限内答复}}} other {已超过解决时限}} · {holder, select, none {*未分配*} other {处理人 <@{holder}>}}',
  'digest.breach.done':
    '{ticket} · {what, select, response {首次响应超时} resolution {解决超时} other {首次响应和解决均超时}} · {holder, select, none {未分配} other {处理人 <@{holder}>}}',
  'digest.breach.none': '本周没有超出 SLA 的工单。',
  'digest.breach.more': '……另有 {count, number} 张。',
  'digest.moreAgents': '……另有 {count, number} 位处理人。',
  'digest.notReached': '{count, number} 次未联系上客户',
  'digest.followUpsMoved': '{count, number} 个跟进任务改到了更晚的日期',
  'digest.chartTitle': 'KPI 趋势（截至 {week}）',
  'help.desk.settings':
    '按分组编辑工作区设置（`/desk settings hours` 直接打开一个分组）；`/desk settings history` 列出最近的变更',
  'settings.groupChoice': '`{group}`（{label}）',
  'settings.unknownGroup': '`{group}` 不是设置分组。可选：{valid}。',
  'settings.title': '服务台设置',
  'settings.intro':
    '选择要编辑的分组。保存后的修改立即在服务台的所有实例上生效，并记录在 `/desk settings history` 中。',
  'settings.edit': '编辑',
  'settings.saved': '设置已保存：*{group}*（{count, number} 项修改）。',
  'settings.unchanged': '*{group}* 没有变化。',
  'settings.recomputed':
    '{count, plural, =0 {没有未结工单的 SLA 时钟需要调整。} other {已重新计算 {count, number} 张未结工单的 SLA 时钟。}}',
  'settings.tiersAtReview':
    '现有客户的等级在 {date} 的季度等级复核时才会更新；在此之前新建的客户档案，或年采购额有变化（录入订单、修改采购额）的客户，按新的门槛定级。',
  'settings.group.channels': '频道',
  'settings.group.locale': '语言和时区',
  'settings.group.hours': '工作时间',
  'settings.group.holidays': '节假日',
  'settings.group.sla': 'SLA 目标',
  'settings.group.customers': '客户分级与关怀',
  'settings.group.signals': '客户信号',
  'settings.group.digest': '每周摘要',
  'settings.group.quiet': '免打扰时段',
  'settings.about.channels': '分诊、升级、告警和摘要频道',
  'settings.about.locale': '服务台语言及所有时钟使用的时区',
  'settings.about.hours': '工作日、每日工作时段、严重工单 7x24',
  'settings.about.holidays': '节假日和调休上班日；可载入中国法定节假日',
  'settings.about.sla': '按严重程度和客户等级的首次响应、解决时限、告警和升级',
  'settings.about.customers': '分级门槛、各等级与分群关怀周期、回访天数',
  'settings.about.signals': '流失、增购和合同到期提醒参数',
  'settings.about.digest': '每周摘要的发送日、时间，以及摘要和报告的目标',
  'settings.about.quiet': '每天的免打扰时段，期间非严重工单的私信、提醒和告警会延后发送',
  'settings.locale.en': 'English（英语）',
  'settings.locale.zh-CN': '简体中文',
  'settings.weekday.1': '星期一',
  'settings.weekday.2': '星期二',
  'settings.weekday.3': '星期三',
  'settings.weekday.4': '星期四',
  'settings.weekday.5': '星期五',
  'settings.weekday.6': '星期六',
  'settings.weekday.7': '星期日',
  'settings.field.channel_triage': '分诊频道（新工单卡片）',
  'settings.field.channel_escalation': '升级频道（未设置则用 SLA 告警频道）',
  'settings.field.channel_alerts': 'SLA 告警频道（未设置则用分诊频道）',
  'settings.field.channel_digest': '每周摘要频道',
  'settings.field.locale': '语言',
  'settings.field.time_zone': '时区（IANA）',
  'settings.field.working_days': '工作日',
  'settings.field.windows': '每个工作日的工作时段',
  'settings.field.urgent_24x7': '严重工单全天候计时（7x24）',
  'settings.field.holidays': '节假日（每行一个日期或日期范围）',
  'settings.field.extra_workdays': '调休上班日（每行一个日期）',
  'settings.field.resp_urgent_strategic': '首次响应：严重 × 战略客户（小时）',
  'settings.field.resp_urgent_key': '首次响应：严重 × 重点客户（小时）',
  'settings.field.resp_urgent_normal': '首次响应：严重 × 普通客户（小时）',
  'settings.field.resp_important_strategic': '首次响应：重要 × 战略客户（小时）',
  'settings.field.resp_important_key': '首次响应：重要 × 重点客户（小时）',
  'settings.field.resp_important_normal': '首次响应：重要 × 普通客户（小时）',
  'settings.field.resp_general_strategic': '首次响应：一般 × 战略客户（小时）',
  'settings.field.resp_general_key': '首次响应：一般 × 重点客户（小时）',
  'settings.field.resp_general_normal': '首次响应：一般 × 普通客户（小时）',
  'settings.field.resolution': '解决时限，各严重程度（小时）',
  'settings.field.resolution_urgent': '解决：严重（小时）',
  'settings.field.resolution_important': '解决：重要（小时）',
  'settings.field.resolution_general': '解决：一般（小时）',
  'settings.hint.resolution_urgent':
    '适用于投诉以外的所有类型；投诉按其紧急程度的时限解决（投诉设置）。',
  'settings.field.warn_at': '时限用去该比例时告警（%）',
  'settings.field.auto_escalate': '超时自动升级',
  'settings.field.l3_after': 'L2 升级到 L3 的间隔（小时）',
  'settings.field.urgent_breaches': '严重工单的超时告警随时发送',
  'settings.field.progress_note_hours': '每隔多少小时为报告人起草进展说明（0：不起草）',
  'settings.field.tier_strategic': '战略客户年采购额门槛（元）',
  'settings.field.tier_key': '重点客户年采购额门槛（元）',
  'settings.field.cadence_strategic': '关怀周期（天）：战略客户',
  'settings.field.cadence_key': '关怀周期（天）：重点客户',
  'settings.field.cadence_normal': '关怀周期（天）：普通客户',
  'settings.field.segment_tiers': '按客户分群维护的等级',
  'settings.field.segment_vip_visit': 'VIP 拜访周期（天）',
  'settings.field.segment_potential_call': '潜力客户电话回访周期（天）',
  'settings.field.segment_stable_call': '稳定期客户电话回访周期（天）',
  'settings.hint.segment_tiers':
    '所选等级的客户按下列周期拜访或电话回访（VIP、潜力客户、稳定期客户）；其他等级按本等级的关怀周期。',
  'settings.field.revisit_days': '解决后回访（天）',
  'settings.field.churn_days': '无联系或订单多少天后视为流失风险',
  'settings.field.upsell_growth': '订单增长达到多少时提示增购（%）',
  'settings.field.upsell_min_orders': '增购信号至少需要本月之前 3 个整月内的订单数',
  'settings.field.contract_notice_days': '合同到期前多少天提醒负责人',
  'settings.field.upgrade_intent_days': '升级意向：客户经理在多少个工作日内联系',
  'settings.field.digest_weekday': '摘要发送日',
  'settings.field.digest_time': '摘要发送时间',
  'settings.field.target_response': '目标：首次响应及时率（%）',
  'settings.field.target_72h': '目标：72 小时内解决率（%）',
  'settings.hint.target_72h': '按工作时间计算；全天候计时的工单按自然时间。',
  'settings.field.target_fcr': '目标：首次接触解决率（%）',
  'settings.field.target_satisfaction': '目标：满意度（0-100）',
  'settings.field.target_nps': '目标：NPS（-100 到 100）',
  'settings.field.target_very_satisfied': '目标：非常满意占比（%）',
  'settings.field.quiet_enabled': '启用免打扰时段',
  'settings.field.quiet_start': '免打扰开始',
  'settings.field.quiet_end': '免打扰结束',
  'settings.hint.time_zone':
    'IANA 名称，例如 Asia/Shanghai 或 Europe/Berlin。修改后，所有未结工单的到期时间都会按新时区从收到时起重新计算，已计入的时间也按新时区重算：剩余时间可能增减，也可能立即超时。',
  'settings.hint.windows': '一个或多个时段，例如 09:00-12:00、13:00-18:00。',
  'settings.hint.holidays':
    '日期格式 YYYY-MM-DD，范围写作 2026-10-01~2026-10-07。保存后会重新计算未结工单的 SLA 时钟。',
  'settings.hint.sla':
    '时限、L2 升级到 L3 的间隔和进展说明间隔按工作时间小时数填写（4、1.5 或 90min）。“工作时间”中设置严重工单全天候计时后，严重工单按全天候计时。修改对之后新建的工单生效；未结工单保持原有时限。',
  'settings.hint.quiet': '按工作区时区；时段可以跨午夜（22:00 到 08:00）。严重工单不受影响。',
  'settings.holidays.load': '载入 {year} 年法定节假日',
  'settings.holidays.loaded':
    '已加入 {year} 年中国法定节假日（{holidays, number} 天）和调休上班日（{workdays, number} 天）。保存后生效。',
  'settings.holidays.full':
    '未加入 {year} 年中国法定节假日：每个列表最多 {max} 个日期。请先删除往年的日期，再重新载入。',
  'settings.holidays.none':
    '已安装的 chinese-days 包中还没有 {year} 年的法定节假日（国务院通常在年底公布）。请更新该包，或手动输入日期。',
  'settings.error.duration': '请输入工作时间小时数，例如 4、1.5 或 90min。',
  'settings.error.whole': '请输入 {min} 到 {max} 之间的整数。',
  'settings.error.percent': '请输入 {min} 到 {max} 之间的百分比，例如 75。',
  'settings.error.timeZone': '请输入 IANA 时区，例如 Asia/Shanghai。',
  'settings.error.channel': '请选择一个频道。',
  'settings.error.customerChannel':
    '这是客户{customer}（{code}）的客户频道：服务台的卡片和备注会出现在那里。请选择团队频道，或先在该频道用 /desk channel unlink 解除关联。',
  'settings.error.channelShared':
    '这个频道与其他组织共享（Slack Connect），或有待接受的共享邀请：服务台的卡片、提醒和报告会出现在那里。请只选择本团队的频道。',
  'settings.error.channelCleared':
    '服务台因该频道与其他组织共享已停止使用它，Slack 未能确认它已不再共享。请稍后再试，或选择仅限本团队的频道。',
  'settings.error.itemChangedMeanwhile':
    '你打开表单后，有人以不同方式修改了此处的“{item}”：请关闭后重新打开，查看其修改后再做更改。',
  'settings.error.changedMeanwhile':
    '你打开表单后，有人修改了此项：请关闭后重新打开，查看其修改后再做更改。',
  'tasks.ownerAway':
    ':warning: Slack 显示 <@{owner}> {why, select, external {属于其他组织（Slack Connect）} other {是本工作区的访客}}，但此人仍负责 {count, number} 家客户。服务台已不再把这些客户的工作交给此人：{stands, select, yes {由 <@{standIn}> 代为处理} other {目前无人代为处理（服务台没有本组织的主管或管理员）}}。请在各客户上用“编辑”为这些客户指定其他负责人，或用 `/desk handover` 一并转交。',
  'settings.externalHolder':
    ':warning: Slack 显示 <@{user}> 属于其他组织（Slack Connect），但 `/desk roles` 中仍有其角色（{roles}）：该角色是在服务台检查此项之前设置的。服务台已不再向其分派工单或任务，不再视其担任任何角色，也不再向其发送员工消息。请在 `/desk roles` 中将其从这些列表中移除，并用 `/desk handover` 转交其仍持有的工作。如果其是本组织的人员，请与 Slack 管理员核实其账号的共享方式。',
  'settings.sharedCleared':
    ':warning: {channel} 现已与其他组织共享（Slack Connect），服务台不再把它用作{roles}：否则服务台的卡片、告警和数据会被团队以外的人看到。请在 *设置* → *频道*（`/desk settings`）中选择一个仅限本团队的频道。',
  'settings.maybeSharedCleared':
    ':warning: {channel} 刚被共享，但 Slack 未能及时说明是与其他组织共享（Slack Connect），还是仅在本组织的工作区之间共享。为安全起见，服务台不再把它用作{roles}：否则服务台的卡片、告警和数据可能会被团队以外的人看到。如果它只在本组织内共享，可以在 *设置* → *频道*（`/desk settings`）中重新选择它；否则请在那里选择一个仅限本团队的频道。',
  'settings.customerCleared':
    ':warning: {channel} 是客户频道（已用 `/desk channel link` 关联），服务台不使用它作为{roles}：否则服务台的卡片、告警和数据会被客户看到。请在 *设置* → *频道*（`/desk settings`）中选择一个仅限本团队的频道。',
  'settings.sharedCleared.role.triage': '分诊频道',
  'settings.sharedCleared.role.escalation': '升级频道',
  'settings.sharedCleared.role.alerts': 'SLA 告警频道',
  'settings.sharedCleared.role.digest': '每周摘要频道',
  'settings.error.channelNotMember':
    '应用不是这个私有频道的成员，无法在其中发消息。请先邀请应用（在该频道发送 /invite @Care Desk），再保存。',
  'settings.error.weekdays': '请至少选择一个工作日。',
  'settings.error.tiers': '请从列表中选择客户等级。',
  'settings.error.dateRange':
    '“{value}”不是日期范围：请写首尾两天，如 2026-10-01~2026-10-07（最多 {max} 天）。',
  'settings.error.dates':
    '{count, plural, =1 {“{value}”不是日期} other {有 {count, number} 项不是日期（{value}{count, select, 1 {} 2 {} 3 {} 4 {} 5 {} other { 等}}）}}：请按 YYYY-MM-DD 填写。',
  'settings.error.tooManyDates': '最多 {max} 个日期：请删除往年的日期。',
  'settings.error.window': '“{value}”不是有效时段：请写成 09:00-18:00（开始早于结束）。',
  'settings.error.windows': '请填写一到六个时段，例如 09:00-12:00、13:00-18:00。',
  'settings.error.windowsOverlap': '时段之间有重叠。',
  'settings.error.dayList': '请输入最多十个 1 到 365 之间的天数，例如 3、7、30。',
  'settings.error.bothHoliday': '{date} 同时在额外工作日中：一天只能是其中之一。',
  'settings.error.slaOrderLess':
    '比同一客户等级{more, select, urgent {严重} other {重要}}工单的目标（{hours} 小时）还短：更严重的工单至少要同样快地响应。请延长此项，或缩短那一项。',
  'settings.error.tierOrderStrategic': '战略客户门槛必须高于重点客户门槛。',
  'settings.error.quietEmptyStart': '免打扰的开始时间不能与结束时间相同。',
  'settings.error.valueClassOrderVip': 'VIP 门槛必须高于高价值门槛。',
  'settings.error.both': '{date} 同时在节假日中：一天只能是其中之一。',
  'settings.error.complaintContactOrder':
    '比{less, select, urgent {紧急} other {一般}}投诉的联系时限（{hours} 小时）还长：更紧急的投诉至少要同样快地联系客户。请缩短此项，或延长那一项。',
  'settings.error.complaintContactOrderLess':
    '比{more, select, critical {特急} other {紧急}}投诉的联系时限（{hours} 小时）还短：更紧急的投诉至少要同样快地联系客户。请延长此项，或缩短那一项。',
  'settings.error.complaintResolutionOrder':
    '比{less, select, urgent {紧急} other {一般}}投诉的解决时限（{hours} 小时）还长：更紧急的投诉至少要同样快地解决。请缩短此项，或延长那一项。',
  'settings.error.complaintResolutionOrderLess':
    '比{more, select, critical {特急} other {紧急}}投诉的解决时限（{hours} 小时）还短：更紧急的投诉至少要同样快地解决。请延长此项，或缩短那一项。',
  'settings.error.resolutionOrder':
    '比{less, select, important {重要} other {一般}}工单的解决时限（{hours} 小时）还长：更严重的工单至少要同样快地解决。请缩短此项，或延长那一项。',
  'settings.error.resolutionOrderLess':
    '比{more, select, urgent {严重} other {重要}}工单的解决时限（{hours} 小时）还短：更严重的工单至少要同样快地解决。请延长此项，或缩短那一项。',
  'settings.error.slaOrder':
    '比同一客户等级{less, select, important {重要} other {一般}}工单的目标（{hours} 小时）还长：更严重的工单至少要同样快地响应。请缩短此项，或延长那一项。',
  'settings.error.tierOrder': '重点客户门槛必须低于战略客户门槛。',
  'settings.error.quietEmpty': '免打扰的结束时间不能与开始时间相同。',
  'settings.history.title': '设置变更记录',
  'settings.history.empty': '还没有在 Slack 中修改过设置。',
  'settings.history.entry': '*{group}* · {at} · {who}',
  'settings.history.operator': '运维人员（命令行）',
  'settings.history.desk': '服务台自动修改（不能再使用的频道）',
  'settings.history.change': '{field}：{old} → {new}',
  'settings.history.listMore': '{list}等 {count, number} 项',
  'settings.history.listAdded': '{field}：新增 {added}',
  'settings.history.listRemoved': '{field}：删除 {removed}',
  'settings.history.listChanged': '{field}：删除 {removed}；新增 {added}',
  'settings.history.replies': '{field}：{changes}',
  'settings.history.replyAdded': '新增：“{title}”',
  'settings.history.replyRemoved': '删除：“{title}”',
  'settings.history.replyChanged': '修改：“{title}”',
  'settings.history.replyOrder': '顺序已调整',
  'settings.history.replyRenamed': '改名：“{from}” → “{to}”',
  'settings.history.blank': '（无）',
  'settings.history.more': '……以及更早的 {count, number} 条变更。',
  'digest.chart.title': '关键指标：近 {count} 周（截至 {week}）',
  'digest.chart.subtitle': '按周统计，单位 %（满意度为百分制得分）；灰色点线为目标',
  'digest.chart.week': '第{n}周',
  'digest.chart.target': '目标 {value}',
  'digest.chart.legend': '{name} · 目标 {target}',
  'digest.chart.listSeparator': '、',
  'digest.chartAlt': '近 {count, number} 周（截至 {week}）的折线图。最近一周：{latest}。',
  'digest.chart.altItem': '{name}为{value}（目标 {target}）',
  'digest.chart.altNoValue': '{name}暂无数据（目标 {target}）',
  'digest.chartLater': '满两周数据后才附趋势图，目前只有 {count, number} 周。',
  'digest.chartNone': '本周没有趋势图：近 {weeks, number} 周都没有可绘制的数据。',
  'digest.newDesk':
    '新开通：服务台自 {since} 起服务本工作区，晚于上周开始，因此不显示较上周的变化。',
  // Complaints and demand follow-up (#12, #11)
  'complaint.urgency.general': '一般',
  'complaint.urgency.urgent': '紧急',
  'complaint.urgency.critical': '特急',
  'complaint.rootCause.product': '产品质量',
  'complaint.rootCause.service': '服务态度或技能',
  'complaint.rootCause.delivery': '交付或物流',
  'complaint.rootCause.billing': '价格或账单',
  'complaint.rootCause.communication': '沟通或预期',
  'complaint.rootCause.other': '其他',
  'complaint.button.contacted': '已联系客户',
  'complaint.dm.accountManager':
    ':telephone_receiver: 你的客户{customer}的{urgency}投诉 {number}：{title}\n请在 {due} 前联系客户，并用“已联系客户”记录联系时间和方式。',
  'complaint.dm.managers':
    ':warning: 新的{urgency}投诉 {number}，客户{customer}：{title}\n<@{user}> 须在 {contactDue} 前联系客户；解决期限 {resolutionDue}。',
  'complaint.dm.urgencyChanged':
    ':information_source: 客户{customer}的投诉 {number}（{title}）的紧急程度已由 <@{by}> 在“分类…”中从{was}改为{urgency}。\n联系期限 {contactDue}；解决期限 {resolutionDue}。',
  'complaint.page': ':rotating_light: *特急投诉*',
  'complaint.classifiedBy': '由 <@{user}> 在工单的“分类…”中设定。',
  'complaint.repeat': ':repeat: 重复投诉：该客户 90 天内另有 {count, number} 次投诉（{numbers}）。',
  'ticket.field.complaintUrgency': '投诉紧急程度',
  'ticket.hint.complaintUrgency':
    '仅用于投诉：决定联系和解决时限。严重程度取所选严重程度与该紧急程度对应者中较严重的一个（紧急：重要，特急：严重）。',
  'ticket.field.contact': '联系客户',
  'ticket.field.rootCause': '根本原因',
  'ticket.field.rootCauseText': '原因说明',
  'ticket.field.correctiveAction': '纠正措施',
  'ticket.placeholder.correctiveAction': '为避免再次发生做了哪些改进',
  'ticket.field.plan': '方案与时间节点',
  'ticket.field.planSummary': '方案',
  'ticket.field.planDates': '时间节点',
  'ticket.placeholder.planDates': '例如：12-05 前出方案，12-20 前交付',
  'ticket.button.plan': '方案与时间节点',
  'ticket.modal.planTitle': '方案 {number}',
  'ticket.modal.planSubmit': '保存方案',
  'ticket.card.stepDue': '{due} 到期',
  'ticket.card.stepOverdue': ':warning: 已于 {due} 逾期',
  'ticket.card.contacted': '{when}，<@{user}>（{via}）{late}',
  'ticket.card.planned': '{when}：{dates}{late}',
  'ticket.card.contactWaived': '无需联系：该客户已应其要求被删除，不再联系',
  'ticket.card.late': ' · 逾期',
  'ticket.error.notComplaint': '{number} 不是投诉。',
  'ticket.error.notDemand': '{number} 不是需求工单。',
  'ticket.error.contactedAlready': '{number} 的客户已联系过（<@{user}> 记录）。',
  'ticket.event.contact': '<@{by}> 已联系客户：{text}',
  'ticket.field.uncontactedReason': '未联系上客户即解决的原因',
  'ticket.hint.uncontactedReason':
    '未能联系上客户。作为投诉主管，你可以在未联系的情况下解决；请说明原因（将显示在卡片上）。',
  'ticket.event.contactNotReached': '<@{by}> 尝试联系客户，未能联系上：{text}',
  'ticket.card.notReached':
    '未联系上：已尝试 {count, number} 次，最近一次 {when}（<@{user}>）· {due}',
  'ticket.card.resolvedUncontacted': '未联系上；由 <@{user}> 在未联系的情况下解决：{reason}',
  'ticket.event.plan': '<@{by}> 已给出方案与时间节点：{text}',
  'ticket.button.classify': '分类…',
  'ticket.modal.classifyTitle': '分类 {number}',
  'ticket.modal.classifySubmit': '保存',
  'ticket.hint.classify':
    '各项时限按收到工单的时间重新计算：首次响应、解决、投诉的联系、需求的方案。',
  'ticket.wait.error.customerLeft':
    '{customer}的组织已退出此工单与其沟通所用的 Slack Connect 频道（已断开）：在那里提问无人能收到，工单将一直等待，因此不能设为等待客户。请通过其他方式（电话、邮件）联系客户，用“客户来信…”记录其答复，并继续处理此工单。',
  'ticket.wait.error.requesterErased':
    '报告人的个人数据已被删除，已无人可以回答问题或被等待：请继续处理此工单，或将其解决。',
  'ticket.classify.error.unchanged': '该工单已是此类型和严重程度。',
  'ticket.modal.resolveContactWaived':
    '该客户已应其要求被删除，不再联系：此投诉无需联系客户即可解决。',
  'ticket.resolve.error.notContacted':
    '尚未就此投诉联系客户：请客户经理（或负责该投诉联系任务的人）先点击“已联系客户”记录联系，之后才能解决。',
  'ticket.classify.error.complaintStays':
    '投诉工单不能改为其他类型（仍需联系客户并填写根本原因）：请改为调整其紧急程度或严重程度。',
  'ticket.event.retarget':
    '客户等级已上调：其工单改按{tier}的首次响应时限（更严格），首次响应须在接收后 {target} 内完成（原为 {was}）。',
  'ticket.event.retargetPotential':
    '该客户为重点潜力客户：其工单改按{tier}的首次响应时限（更严格），首次响应须在接收后 {target} 内完成（原为 {was}）。',
  'ticket.event.classify':
    '<@{by}> 已将其分类：{type}，{severity}{urgency, select, none {} other {（投诉紧急程度 {urgency}）}}。首次响应时限 {target}。{plan, select, dropped {已不再是需求工单，无需再提供方案和日期。} other {}}',
  'alert.contactBreach':
    ':rotating_light: *{number}* {title} · {customer}：客户经理未在投诉时限{hasDue, select, yes {（{due}）} other {}}内联系客户',
  'alert.contactBreachYou':
    ':rotating_light: *{number}* {title} · {customer}：你未在投诉时限{hasDue, select, yes {（{due}）} other {}}内联系客户',
  'alert.contactBreachHolder':
    ':rotating_light: *{number}* {title} · {customer}：客户未在投诉时限{hasDue, select, yes {（{due}）} other {}}内得到联系，该投诉的联系任务由你负责：请联系客户，然后点击“已联系客户”记录',
  'alert.planBreach':
    ':rotating_light: *{number}* {title} · {customer}：需求未在时限{hasDue, select, yes {（{due}）} other {}}内给出方案与时间节点',
  'task.kind.complaint_contact': '投诉联系',
  'task.what.complaint_contact': '就投诉联系客户，并记录联系时间和方式。',
  'task.field.contactedDate': '联系或尝试日期',
  'task.field.doneDate': '完成日期',
  'task.error.doneBeforePlanned': '该任务于 {planned} 计划，完成日期不能早于此日。',
  'task.field.contactOutcome': '是否联系上客户？',
  'task.contactOutcome.reached': '已联系上',
  'task.contactOutcome.notReached': '已尝试，未联系上',
  'task.attempt.toExecutor':
    ':telephone_receiver: <@{by}> 尝试联系投诉 *{number}* 的客户（{via}，{when}），未能联系上，仍需联系。你的任务仍未完成：{task}，截止时间 {due}。',
  'task.done.notReached':
    '已在投诉 *{number}* 上记录此次尝试：未联系上客户，仍需联系。联系任务保持未完成，截止时间 {due}，届时会提醒你。',
  'task.field.contactedTime': '联系或尝试时间（{timeZone}）',
  'task.error.contactInFuture': '该时间晚于现在（{now}）：请填写实际联系或尝试联系客户的时间。',
  'task.error.contactBeforeReceived':
    '早于投诉受理时间（{received}）：请填写受理之后联系或尝试联系客户的时间。',
  'settings.field.vip_min': 'VIP 年采购额门槛（元）',
  'settings.field.vip_years': 'VIP 合作年限（年）',
  'settings.field.high_value_min': '高价值客户年采购额门槛（元）',
  'settings.field.order_fall': '订单下降多少时提示流失（%，本月之前的 3 个整月对比再之前 3 个月）',
  'settings.error.valueClassOrder': '高价值门槛必须低于 VIP 门槛。',
  'settings.group.privacy': '个人信息',
  'settings.about.privacy': '输入的文字和互动记录保留多久；卸载后的数据处理',
  'settings.hint.retention_days':
    '分诊频道中的工单卡片会重新显示，不含这些文字；服务台发布的相关消息也会被编辑：卡片下的回复（备注、解决说明、向客户的提问、升级原因、SLA 提醒）、升级频道中的消息、SLA 提醒列表和私信、发给处理人、客户经理、主管和关注人的私信及有关其任务的私信，以及发给报告人的通知（私信和其频道中的话题，改为一句注明其工单的说明，按钮移除）。本版本之前发布的消息以及 Slack 自身的副本（通知、搜索）在 Slack 中保留原文：如须删除，请在 Slack 中删除。',
  'settings.field.retention_days':
    '已关闭工单、互动记录和已完成或已取消的任务在多少天后匿名化（0：保留）',
  'settings.field.erase_on_uninstall': '卸载应用时删除本工作区的数据',
  'settings.group.complaints': '投诉与需求',
  'settings.about.complaints': '各投诉紧急程度的联系和解决时限；需求方案天数',
  'settings.hint.complaints':
    '联系和解决时限按工作时间小时数填写（4、1.5 或 90min）。“工作时间”中设置严重工单全天候计时后，严重程度为严重的投诉也全天候计时。',
  'settings.field.complaint_contact_general': '联系客户：一般投诉（小时）',
  'settings.field.complaint_contact_urgent': '联系客户：紧急投诉（小时）',
  'settings.field.complaint_contact_critical': '联系客户：特急投诉（小时）',
  'settings.field.complaint_resolution_general': '解决：一般投诉（小时）',
  'settings.field.complaint_resolution_urgent': '解决：紧急投诉（小时）',
  'settings.field.complaint_resolution_critical': '解决：特急投诉（小时）',
  'settings.field.demand_plan_days': '需求：给出方案与时间节点（工作日）',
  'digest.section.complaints': '投诉',
  'digest.f.complaintRate': '投诉率（每家服务客户）',
  'digest.f.complaintsPer100': '每百张工单投诉数',
  'digest.f.openComplaints': '未结投诉',
  'digest.f.complaintBreaches': '投诉超时',
  'digest.f.complaintsNotReached': '投诉联系超时（已尝试，未联系上客户）',
  'digest.f.repeatComplaints': '重复投诉（90 天）',
  'help.desk.channel': '把本频道关联到客户（含 Slack Connect），选择消息如何生成工单，或解除关联',
  'channel.reaction.erasedAuthor':
    '这条消息早于其作者的个人数据从服务台清除的时间，因此不会转为工单。如对方仍需帮助，请让其重新发消息。',
  'channel.reaction.erasedCustomer':
    '转为工单期间，这条消息所属客户的资料已从服务台清除，因此不会转为工单。如需再为其建工单，请先询问管理员。',
  'channel.usage':
    '用法：在频道中输入 `/desk channel link &lt;客户编号&gt; [all | emoji [:名称:] | shortcut]`，`/desk channel unlink` 解除关联，`/desk channel` 查看关联。',
  'channel.unshared.agentDm':
    ':warning: {customer}的组织已于 {at} 退出 {channel}（Slack Connect 已断开）：对方任何人都无法再在那里查看或答复。你在该频道的 {count, plural, other {# 个}}未结工单：{tickets}。{waiting, plural, =0 {} other {其中 # 个原本等待客户答复的工单已恢复处理：SLA 从断开时起继续计时。}}请通过其他方式（电话、邮件）联系客户，并用“*客户来信…*”记录对方所说；在频道重新与对方共享之前，服务台不会再在该频道发任何消息。',
  'channel.unshared.adminDm':
    ':warning: {customer}的组织已于 {at} 退出 {channel}（Slack Connect 已断开）：该频道关联到其客户档案（`{code}`），对方任何人都无法再在那里查看或答复，因此服务台不再在那里发消息。{open, plural, =0 {} other {已通知其 # 个未结工单的处理人通过其他方式联系客户。}}{waiting, plural, =0 {} other {其中 # 个原本等待客户答复的工单已恢复处理（SLA 继续计时）。}}如需恢复，请重新与对方组织共享该频道：关联会自动恢复。也可以在对方的另一个频道中用 `/desk channel link {code}` 关联。',
  'channel.show.disconnected':
    ':warning: 对方组织已于 {at} 退出本频道（Slack Connect 已断开）：在重新与对方共享之前，服务台不会在此发消息。',
  'channel.show': '<#{channel}> 是客户 *{customer}*（`{code}`）的客户频道{shared}。{intake}',
  'channel.show.none': '<#{channel}> 尚未关联客户。用 `/desk channel link &lt;客户编号&gt;` 关联。',
  'channel.shared': '，与对方组织共享（Slack Connect）',
  'channel.linked':
    ':white_check_mark: <#{channel}> 现在是客户 *{customer}*（`{code}`）的客户频道{shared}。{intake}客服在该消息的话题中回复；工单卡片和备注只留在分诊频道。',
  'channel.alreadyLinked':
    ':white_check_mark: <#{channel}> 已经是客户 *{customer}*（`{code}`）的客户频道{shared}。{intake}',
  'channel.didYouMean.match': '{code}（{name}）',
  'channel.error.didYouMean':
    '没有编号为“{text}”的客户；名称匹配的有：{matches}{more, plural, =0 {} other {，另有 # 家}}。请用客户编号运行 `/desk channel link`，例如 `/desk channel link C2026001`。',
  'channel.unlinked':
    '<#{channel}> 已不再关联 *{customer}*：其消息不再生成工单。已生成的工单保留各自的话题。',
  'channel.unlinkedShared':
    '<#{channel}> 已不再关联 *{customer}*：其消息不再生成工单。该频道仍与其他组织共享，服务台自身的消息不再发往这里；共享之前在此生成的工单，其通知和满意度调查改为私信发给各自的报告人；共享期间生成的工单保留各自的话题。',
  'channel.intake.all':
    '客户成员发的每条新消息都生成一张工单（其 {minutes, number} 分钟内的后续消息并入同一工单）。',
  'channel.intake.emoji': '任何人用 :{emoji}: 标记的消息生成一张工单。',
  'channel.intake.shortcut': '只通过消息快捷操作 *创建工单* 生成工单。',
  'channel.notMember':
    '我不是 <#{channel}> 的成员，读不到其消息，因此未关联。请先邀请我（`/invite @Care Desk`），再重新关联。',
  'channel.ownChannel':
    '<#{channel}> 是服务台自己的频道（*设置* → *频道*）：其中的消息来自团队，而不是客户。请在客户的频道里运行 `/desk channel link`。',
  'channel.direct':
    '私信不能作为客户频道。请在客户的频道里运行 `/desk channel link`（先邀请应用加入该频道）。',
  'channel.error.own':
    '这是服务台自己的频道（设置 → 频道）：其中的消息来自团队，而不是客户。请选择客户的频道。',
  'channel.error.direct': '私信不能作为客户频道。请选择客户的频道。',
  'channel.badIntake':
    '`{word}` 不是受理方式。请用 `all`、`emoji`（加表情名称，如 `emoji :ticket:`）或 `shortcut`。',
  'channel.error.notLinked': '本频道尚未关联客户。',
  'channel.note.deleted': '客户在频道中删除了消息（原文保留在描述中）。',
  'channel.description.edited': '客户修改为：',
  'channel.description.deleted': '（客户已在频道中删除此消息。）',
  'channel.description.followsUp': '接续 {number}（已解决超过 7 天）：同一话题中的新工单。',
  'channel.description.followsUpMerged': '接续 {number}（已合并到另一工单）：同一话题中的新工单。',
  'channel.description.followsUpClosed': '接续 {number}（已关闭）：同一话题中的新工单。',
  'channel.description.undescribedWriter':
    '由报告人以外、Slack 始终未说明身份（同事或访客）的人在话题中写下：卡片话题中注明其是谁。',
  'channel.button': '关联频道',
  'channel.modal.title': '客户频道',
  'channel.modal.submit': '关联',
  'channel.modal.channel': '频道（请先邀请本应用）',
  'channel.modal.intake': '哪些消息生成工单',
  'channel.modal.emoji': '表情（用于标记消息）',
  'channel.intake.option.all': '客户的每条新消息',
  'channel.intake.option.emoji': '用该表情标记的消息',
  'channel.intake.option.shortcut': '只用消息快捷操作',
  'channel.error.emoji': '请输入表情名称，如 ticket 或 :ticket:。',
  'channel.note.followedBy':
    '{status, select, closed {客户在这张已关闭工单的话题中再次留言} other {客户在解决 7 天后又在该话题中留言}}：已为此新建 {number}。',
  'channel.note.followedByUndescribed':
    '{status, select, closed {报告人以外、Slack 始终未说明身份（同事或访客）的人在这张已关闭工单的话题中留言} other {报告人以外、Slack 始终未说明身份（同事或访客）的人在解决 7 天后于该话题中留言}}：已为此新建 {number}，其卡片话题中注明其是谁。',
  'channel.eventDead':
    '<#{channel}> 中的一条{type, select, reaction_added {表情标记} other {消息}}尝试处理 {attempts} 次仍未成功，可能没有创建或更新工单：请查看该频道。参考编号 `{ref}`（日志中有错误详情）。',
  'help.desk.report':
    '过往某周、某月或某季度的报告，私信发给你（仅主管）：`/desk report month 2026-10`',
  'report.forbidden': '只有服务台主管和管理员可以查看报告。',
  'report.forbiddenAsk':
    '只有服务台主管和管理员可以查看报告：请联系 {admins}，在 `/desk roles` 中把你设为主管。',
  'report.badPeriod':
    '“{text}”不是报告周期。请用 `week`、`month` 或 `quarter`，可加周期，如 `2026-W44`、`2026-10`、`2026-Q3`。',
  'report.badPeriodOf':
    '“{period}”不是有效的{kind, select, week {周：请写成 `2026-W44` 这样的形式（第 1 至 52 或 53 周，周一至周日）} month {月份：请写成 `2026-10` 这样的形式} other {季度：请写成 `2026-Q3` 这样的形式}}。',
  'report.usage':
    '请说明要哪份报告：`/desk report week`、`/desk report month` 或 `/desk report quarter`（最近一个完整周期），或加上周期，如 `2026-W44`、`2026-10`、`2026-Q3`。',
  'report.notEnded':
    '{name}的报告要等该周期结束后才能查看。最近一个完整周期是{lastName}：`/desk report {kind} {last}`。',
  'report.beforeDesk':
    '没有{name}的报告：服务台自 {since} 起才服务本工作区，那时该{kind, select, week {周} month {月} other {季度}}已经结束。{ended, select, yes {最早可查看的是{firstName}：`/desk report {kind} {first}`。} other {最早可查看的是{firstName}，要等它结束后才能查看。}}',
  'report.sent': '{period}的报告已通过服务台私信发给你。',
  'report.title.week': '周报 · {period}（{from} 至 {to}）',
  'report.title.month': '月度报告 · {period}（{from} 至 {to}）',
  'report.title.quarter': '季度复盘 · {period}（{from} 至 {to}）',
  'report.section.service': '工单、服务与满意度',
  'report.section.customers': '客户与营收',
  'report.section.tiers':
    '按客户等级（仅计成交客户{prospects, plural, =0 {} other {，另有 # 家意向客户未计入}}）',
  'report.section.owners': '按负责人',
  'report.section.agents': '按处理人',
  'report.section.tierMoves':
    '{count, plural, =0 {{when}等级变动} other {{when}等级变动：# 家客户}}',
  'report.tierMovesWhen': '{period, select, week {本周} month {本月} other {本季度}}',
  'report.tierMove': '{name}：{from} → {to}',
  'report.tierMoveOverride': '由主管手动调整，并非采购额变化所致',
  'report.tierMoveOverrideWhy': '由主管手动调整，并非采购额变化所致：“{reason}”',
  'report.tierMoveOverrideLifted': '主管取消了手动调整',
  'report.tierMoveAnnualPurchases': '年采购额 {revenue}',
  'report.section.heldTiers': '手动调整等级的客户：{count, number} 家',
  'report.heldTier': '{name}：{tier}，按采购额应为{computed} · {user} 于 {date} 调整',
  'report.noTierMoves': '{when}没有客户的等级发生变化。',
  'report.tierMovesMore': '……另有 {count, number} 家客户。',
  'report.change': '（较 {previous} {delta}）',
  'report.changePoints': '（较 {previous} {delta} 个百分点）',
  'report.f.openedByType': '按类型新建',
  'report.openedType': '{type}：{count}',
  'report.f.backlog': '周期结束时积压',
  'report.f.overdue': '周期结束时超时',
  'report.f.repurchaseRate': '复购率',
  'report.f.referralShare': '新客户中转介绍占比',
  'report.f.retentionRate': '留存率',
  'report.f.churnRate': '流失率',
  'report.f.newNeeds': '新增需求',
  'report.keyFacts': '缺少关键信息的客户档案：{files, number} 份中 {missing, number} 份（{list}）',
  'report.keyFactsNone':
    '缺少关键信息的客户档案：{files, plural, =0 {还没有客户档案} other {# 份中没有}}',
  'report.keyFact.contact': '无联系人 {count, number}',
  'report.keyFact.title': '无联系人职务 {count, number}',
  'report.keyFact.reach': '无联系电话或邮箱 {count, number}',
  'report.keyFact.size': '无企业规模（个人：职业）{count, number}',
  'report.keyFact.region': '无地区 {count, number}',
  'report.f.needConversion': '需求转化率',
  'report.f.complaintRate': '投诉率',
  'report.f.revenue': '销售额（订单）',
  'report.of.repurchase': '上一周期下单的 {whole, number} 家客户中 {part, number} 家再次下单',
  'report.of.referral': '{whole, number} 家新客户中 {part, number} 家',
  'report.of.retention': '期初 {whole, number} 家客户中 {part, number} 家留存',
  'report.of.churn': '期初 {whole, number} 家客户中 {part, number} 家',
  'report.of.needs': '{whole, number} 家客户中 {part, number} 家在提出需求后下单',
  'report.of.complaints':
    '投诉 {part, number} 件，服务客户 {whole, number} 家；每百张工单投诉数 {per100}',
  'report.previousRevenue': '{previous}：{amount}',
  'report.newDesk':
    '新开通：服务台自 {since} 起服务本工作区，晚于{previous}开始，因此工单、服务与客户指标不显示较{previous}的变化；营收与复购按订单本身的日期计算，照常比较。',
  'report.reason': '{reason} {count, number} 家',
  'report.reason.competitor': '接触竞品',
  'report.reason.unrecorded': '未记录原因',
  'report.churnReasons': '流失原因：{reasons}',
  'report.noChurn': '本周期没有客户流失。',
  'report.survey':
    '季度满意度调查：{owed, number} 家重点客户中已调查 {surveyed, number} 家，满意度 {satisfaction}，NPS {nps}',
  'report.tierName.strategic': '战略客户',
  'report.tierName.key': '重点客户',
  'report.tierName.normal': '普通客户',
  'report.tier':
    '*{tier}*：{customers, number} 家客户（{share}）· 销售额 {revenue}（较 {previous} {contributionChange}），占全部 {contribution} · 满意度 {satisfaction}（{target}）· 流失 {churned, number} · 复购率 {repurchase} · 工单 {opened, number} 张，投诉 {complaints, number} 件，首次响应及时率 {onTime}，首次接触解决率 {fcr}',
  'report.tierShared':
    '*{tier}*：{customers, number} 家客户（{share}）· 满意度 {satisfaction}（{target}）· 流失 {churned, number} · 复购率 {repurchase} · 工单 {opened, number} 张，投诉 {complaints, number} 件，首次响应及时率 {onTime}，首次接触解决率 {fcr}',
  'report.tiersHidden':
    '只有所有下单客户的负责人均由你管理时才显示各等级的销售额：否则可由其他等级与总额推算出某一等级的数字（{count, number} 个等级未显示）。',
  'report.owner':
    '<@{user}>：完成跟进 {followUps, number} 次 · 转化 {conversions, number} 家 · 销售额 {revenue}',
  'report.ownerShared':
    '<@{user}>：完成跟进 {followUps, number} 次 · 转化 {conversions, number} 家',
  'report.noOwners': '本周期没有跟进、转化或订单。',
  'report.ownersHidden': '只显示你管理的负责人的销售额（另有 {count, number} 位未显示）。',
  'report.noAgents': '本周期没有已解决的工单。',
  'report.more': '……另有 {count, number} 位。',
  'report.ownerLate': '超 24 小时记录的互动 {count, number} 次',
  'report.chartLater': '满两个周期的数据后才附趋势图，目前只有 {count, number} 个周期。',
  'report.chartNone':
    '本报告没有趋势图：近 {count, number} {kind, select, week {周} month {个月} other {个季度}}都没有可绘制的数据。',
  'report.chart.title': '关键指标：截至 {period}',
  'report.chart.subtitle': '单位 %（满意度为百分制得分）；灰色点线为目标',
  'report.chartFile': 'KPI 趋势（截至 {period}）',
  'report.chartAlt': '近 {count, number} 个周期（截至 {period}）的折线图。最近一个周期：{latest}。',
  'ticket.event.response': '<@{by}> 已在会话中答复报告人。',
  'ticket.event.responseLogged': '<@{by}> 已通过{via}答复报告人：{text}',
  'ticket.event.replied': '<@{by}> 已回复报告人：{text}',
  'ticket.button.logResponse': '记录答复',
  'ticket.button.customerWrote': '客户来信…',
  'ticket.button.delay': '告知延期…',
  'ticket.button.reply': '回复报告人…',
  'ticket.error.requesterOfOtherCustomer':
    '此人来自另一家客户（{code}）的频道：请选择本工单客户的报告人，或清空此项。',
  'ticket.error.customerErased':
    '保存工单期间，该客户的个人数据已从服务台清除，因此工单未创建。如需再为其建工单，请先询问管理员。',
  'ticket.error.requesterErased':
    '此人的个人数据在这条消息之后已从服务台清除，这条消息不能再使其成为报告人。请清空此项，或请其重新发消息。',
  'ticket.field.requester': '报告人',
  'ticket.modal.requesterHint':
    '报告人会收到每一步进展并被邀请评价满意度。Slack 外的客户请留空，并在下方填写联系人。',
  'ticket.field.contactName': 'Slack 外联系人',
  'ticket.modal.contactPlaceholder': '例如：王女士，厂长',
  'ticket.card.requesterExternal':
    '{user} _（其他组织：服务台无法给对方发消息；请在共享频道或通过其他方式答复）_',
  'ticket.card.requesterOutside': '{name}（{via}）',
  'requester.target.minutes': '{m, number} 分钟',
  'requester.target.hours': '{h, number} 小时',
  'requester.target.hoursMinutes': '{h, number} 小时 {m, number} 分钟',
  'requester.received':
    '我们已收到您的请求：工单 *{number}*“{title}”。接下来：服务团队会接手处理，并{past, select, yes {尽快答复您（我们通常在 {target}{clock, select, always {内} other {工作时间内}}答复）} other {在 {target}{clock, select, always {内} other {工作时间内}}答复您（最迟 {due}）}}。每一步进展都会在这里告诉您。',
  'requester.received.complaint':
    '我们已收到您的投诉：工单 *{number}*“{title}”。接下来：我们会{past, select, yes {尽快就此与您联系（我们通常在 {target}{clock, select, always {内} other {工作时间内}}联系）} other {在 {target}{clock, select, always {内} other {工作时间内}}就此与您联系（最迟 {due}）}}。每一步进展都会在这里告诉您。',
  'requester.taken': '<@{user}> 正在处理您的工单 *{number}*。',
  'requester.handedOver': '您的工单 *{number}* 已转由 <@{user}> 处理。',
  'requester.waiting.thread':
    '工单 *{number}* 正在等待您的回复。<@{by}> 想了解：{question}\n请在此话题中回复，我们会继续处理。',
  'requester.waiting.dm':
    '工单 *{number}* 正在等待您的回复。<@{by}> 想了解：{question}\n请直接在此对话中回复，我们会继续处理。',
  'requester.dmAnswer.resumed': '谢谢！您的回复已加入工单 *{number}*，我们会继续处理。',
  'requester.dmAnswer.several':
    '您有多个工单在等待您的回复（{numbers}），因此这条消息没有加入其中任何一个。请在提问那条消息的话题中回复，重新发送这条消息。',
  // A requester's message in their DM with the app, no ticket waiting on them (F2, wave p33).
  'requester.dmAnswer.added': '谢谢！您的消息已加入工单 *{number}*。',
  'requester.dmAnswer.open':
    '您有 {count, number} 张处理中的工单，因此这条消息没有加入其中任何一个：',
  'requester.dmAnswer.openRow': '• *{number}* {title}',
  'requester.dmAnswer.openMore': '• 另有 {more, number} 个（`/ticket requests` 可列出全部）',
  'requester.dmAnswer.openHow':
    '如需加入其中一个工单，请在该工单的任一条通知的话题中重新发送这条消息。',
  'requester.dmAnswer.resolved':
    '{count, plural, =1 {工单 *{numbers}*} other {工单 *{numbers}*}} 已解决，因此这条消息没有加入任何工单。如果问题仍未解决，请在解决通知发出后 {days, number} 天内点击该通知中的 *未解决，重新打开*，我们会重新打开工单。',
  'requester.dmAnswer.closed':
    '工单 *{number}* 已关闭，因此这条消息没有加入该工单。如有新的问题，请用 `/ticket new` 新建工单，或联系服务团队。',
  // A ticket of theirs merged into another (in its DM thread, or their latest): where it goes on.
  'requester.dmAnswer.merged':
    '{latest, select, yes {您最近的工单 *{number}*“{title}”} other {工单 *{number}* }}已合并到工单 *{into}*，因此这条消息没有加入任何工单。{role, select, requester {工单 *{into}* 也是您提交的，仍在处理中：如需加入该工单，请在该工单的任一条通知的话题中重新发送这条消息。} resolved {工单 *{into}* 现已解决。如有新的问题，请用 `/ticket new` 新建工单，或联系服务团队。} closed {工单 *{into}* 现已关闭。如有新的问题，请用 `/ticket new` 新建工单，或联系服务团队。} follower {工单 *{into}* 仍在处理中，我们会在那里继续处理，每一步进展都会告诉您。} other {工单 *{into}* 仍在处理中，我们会在那里继续处理。}}',
  // Outside any ticket's thread, nothing of theirs open or reopenable (revzh F1, wave p36).
  'requester.dmAnswer.closedLatest':
    '您最近的工单 *{number}*“{title}”已关闭，因此这条消息没有加入任何工单。如有新的问题，请用 `/ticket new` 新建工单，或联系服务团队。',
  'requester.resolved.thread':
    '工单 *{number}* 已解决：{summary}\n如果问题仍未解决，请于 {days, number} 天内在此话题中回复，我们会重新打开工单。',
  'requester.resolved.dm':
    '工单 *{number}* 已解决：{summary}\n如果问题仍未解决，请在 {days, number} 天内点击下方的 *未解决，重新打开*，我们会重新打开工单。',
  'requester.reopen.button': '未解决，重新打开',
  'requester.reopen.notYours': '只有工单 {number} 的报告人可以用此按钮重新打开工单。',
  'requester.reopen.notYoursThread':
    '只有工单 {number} 的报告人可以用此按钮重新打开工单。如果您这边的问题也没有解决，请在此话题中回复，我们会重新打开工单。',
  'requester.reopen.tooLate':
    '工单 {number} 已解决超过 {days, number} 天，无法再重新打开。如果问题再次出现，请用 `/ticket new` 新建工单，或联系服务团队。',
  'requester.reopened': '工单 *{number}* 已重新打开，我们正在继续处理。',
  'requester.merged':
    '您的请求 *{number}* 已合并到 *{into}*{follows, select, assignee {：*{into}* 由您负责，请在那里继续处理} dm {：我们将在那里继续跟进，其每一步进展都会私信告知您} follower {：我们将在那里继续跟进，其每一步进展都会私信告知您} thread {：我们将在那里继续跟进，其每一步进展都会在 <#{channel}> 的该工单话题中告知您} other {：我们将在那里继续跟进}}。',
  'follower.taken': '<@{user}> 正在处理工单 *{number}*。',
  'follower.handedOver': '工单 *{number}* 已转由 <@{user}> 处理。',
  'follower.waiting': '工单 *{number}* 正在等待报告人回复。<@{by}> 想了解：{question}',
  'follower.resolved': '工单 *{number}* 已解决：{summary}',
  'follower.reopened': '工单 *{number}* 已重新打开，服务台正在继续处理。',
  'follower.merged':
    '工单 *{number}* 已合并到 *{into}*{follows, select, follower {：您将在那里继续关注} no {；您未关注 *{into}*，此后不会再收到相关消息} assignee {：*{into}* 由您负责，请在那里继续处理} dm {：*{into}* 是您提出的请求，其每一步进展都会私信告知您} thread {：*{into}* 是您提出的请求，其每一步进展都会在 <#{channel}> 的该工单话题中告知您} other {}}。',
  'follower.why': '您收到此消息，是因为您关注了工单 *{number}*“{title}”。',
  'follower.follow.button': '关注',
  'follower.unfollow.button': '取消关注',
  'follower.followed': '您已关注工单 *{number}*：每一步进展都会通过私信告诉您。',
  'follower.unfollowed': '您已不再关注工单 *{number}*。',
  'follower.error.notFollowing': '您未关注工单 *{number}*。',
  'follower.error.requester': '工单 {number} 是您提交的：每一步进展都会告诉您，无需关注。',
  'follower.error.assignee': '工单 {number} 由您负责处理：每一步进展您都已知晓，无需关注。',
  'follower.added': '您已关注工单 *{number}*（由 <@{by}> 添加）：每一步进展都会通过私信告诉您。',
  'follower.addedByErased': '您已被添加为工单 *{number}* 的关注人：每一步进展都会通过私信告诉您。',
  'follower.error.tooMany': '最多选择 {max, number} 人：您选择了 {count, number} 人。',
  'follower.error.pickedRequester':
    '其中有工单 {number} 的报告人：每一步进展本来就会告诉他们，请将其移除。',
  'follower.error.pickedAssignee':
    '其中有工单 {number} 的处理人：每一步进展他们都已知晓，请将其移除。',
  'follower.error.unfit':
    '{reason, select, bot {{name}是机器人：请选择工作区中的成员。} deactivated {{name}的账号已停用：请选择其他人。} other {{name}无法关注工单：请选择其他人。}}',
  'follower.error.full': '工单 {number} 已有 {max, number} 位关注人，已达上限：未添加任何人。',
  'follower.error.changed': '保存关注人时工单 {number} 有了变动，未添加任何人：请重试。',
  'requester.requests.heading': '您提交的处理中请求（{total, number}）',
  'requester.requests.none': '您目前没有处理中的请求。',
  'requester.requests.row':
    '*{number}* {title}\n{status, select, waiting {等待您的回复} handled {<@{user}> 正在处理} merged {已合并到 *{into}*{role, select, follower {，在那里继续跟进} requester {，该工单也是您提交的} assignee {，该工单由您负责，请在那里继续处理} other {：我们将在那里继续跟进（您未关注该工单）}}} other {已收到，服务团队即将接手}} · 提交于 {received}',
  'requester.requests.more': '另有 {more, number} 个未列出。',
  'requester.card.status':
    '{status, select, waiting {等待您的回复} handled {<@{user}> 正在处理} resolved {已于 {when} 解决} closed {已关闭} merged {已合并到 *{into}*{role, select, follower {，在那里继续跟进} requester {，该工单也是您提交的} assignee {，该工单由您负责，请在那里继续处理} resolved {，该工单现已解决} closed {，该工单现已关闭} other {：我们将在那里继续跟进（您未关注该工单）}}} other {已收到，服务团队即将接手}} · 提交于 {received}',
  'requester.card.steps': '*目前的进展*',
  'requester.card.step.taken': '<@{user}> 已接手 · {when}',
  'requester.card.step.handedOver': '已转交 <@{user}> · {when}',
  'requester.card.step.asked': '<@{by}> 向您提问：{text} · {when}',
  'requester.card.step.answered': '<@{by}> 答复：{text} · {when}',
  'requester.card.step.said': '<@{by}> 写道：{text} · {when}',
  'requester.card.step.askedUnnamed': '我们向您提问：{text} · {when}',
  'requester.card.step.answeredUnnamed': '我们答复：{text} · {when}',
  'requester.card.step.saidUnnamed': '对话中写道：{text} · {when}',
  'requester.card.step.resolved': '已解决：{text} · {when}',
  'requester.card.step.resolvedPlain': '已解决 · {when}',
  'requester.card.step.reopened': '已重新打开 · {when}',
  'requester.card.step.merged': '已合并到 *{into}* · {when}',
  'requester.card.survey': '您对我们的处理是否满意？',
  'requester.wait.title': '等待回复 {number}',
  'requester.wait.submit': '提问并等待',
  'requester.wait.intro':
    '报告人会收到你的问题，并得知工单正在等待其回复。恢复处理前 SLA 计时暂停。',
  'requester.wait.question': '需要报告人提供什么？',
  'requester.wait.placeholder': '例如：控制器序列号和报错画面照片',
  'requester.log.title': '记录答复 {number}',
  'requester.log.submit': '记录答复',
  'requester.log.intro':
    '已在 Slack 之外答复客户。第一次记录的答复即为工单的首次响应；每次答复也会记入客户档案。',
  'requester.log.via': '方式',
  'requester.log.date': '日期',
  'requester.log.time': '时间（{timeZone}）',
  'requester.log.said': '答复内容',
  'requester.log.placeholder': '例如：说明了临时解决办法，工程师周四上门',
  'requester.log.interaction': '工单 {number} 答复：{text}',
  'ticket.wrote.title': '客户来信 {number}',
  'ticket.wrote.submit': '记录',
  'ticket.wrote.intro':
    '{who}在 Slack 之外对服务台说的话（电话、邮件、微信、上门），按其说话的时间记录。自那时起需要回复；等待客户的工单随之恢复处理。也会记入客户档案。',
  'ticket.wrote.via': '方式',
  'ticket.wrote.date': '日期',
  'ticket.wrote.time': '时间（{timeZone}）',
  'ticket.wrote.said': '客户所说内容',
  'ticket.wrote.interaction': '工单 {number} 客户来信：{text}',
  'ticket.wrote.placeholder': '例如：今早起又报错了，照片稍后通过邮件发送',
  'ticket.wrote.error.beforeReceived': '该时间早于收到工单的时间。',
  'ticket.wrote.error.beforeLast': '该时间早于此工单上记录的客户上一条消息。',
  'ticket.wrote.error.beforeWait':
    '该时间早于工单开始等待客户的时间：客户对所提问题的答复应在其后。请填写答复的时间，或将此前所说的内容添加为备注。',
  'ticket.wrote.error.inSlack': '{number} 的报告人在 Slack 中：会自己在工单上留言。',
  'requester.survey.ask': '工单 *{number}* 已解决。您对我们的处理是否满意？',
  'requester.survey.reminder': '提醒：您对工单 *{number}* 的处理是否满意？点一下即可。',
  'requester.survey.note': '每个工单一份评价：点击其他选项即可修改。7 天内有效。',
  'requester.survey.score1': '非常不满意',
  'requester.survey.score2': '不满意',
  'requester.survey.score3': '一般',
  'requester.survey.score4': '满意',
  'requester.survey.score5': '非常满意',
  'requester.survey.title': '评价 {number}',
  'requester.survey.submit': '提交',
  'requester.survey.thanks': '谢谢！已记录您对工单 {number} 的评价：“{label}”。还有两个可选问题：',
  'requester.survey.nps': '您向同事推荐我们的可能性有多大？（0 = 完全不会，10 = 一定会）',
  'requester.survey.comment': '还有什么想告诉我们的？',
  'requester.survey.recorded': '谢谢！已记录您对工单 {number} 的评价：“{label}”。',
  'requester.survey.detailsRecorded': '谢谢！工单 {number} 的反馈已记录。',
  'requester.survey.expired': '工单 {number} 的评价已关闭（有效期 7 天）。仍然感谢您！',
  'requester.survey.notYours': '工单 {number} 的评价只能由报告人填写。',
  'requester.survey.notYoursAny': '此评价只能由工单的报告人填写。',
  'requester.survey.openAgain': '此表单已无法提交。请在评价消息中重新点击您的评分后再填写。',
  'requester.survey.gone': '此评价已不可用。',
  'requester.draft.delay':
    '工单 *{number}*（{customer}：{title}）将超出解决时限（{due}）。请告知报告人原因和预计时间：打开草稿，确认后发送。',
  'requester.draft.delayMissed':
    '工单 *{number}*（{customer}：{title}）已超出解决时限（{due}）。请告知报告人原因和预计时间：打开草稿，确认后发送。',
  'requester.draft.promiseMissed':
    '工单 *{number}*（{customer}：{title}）仍未解决，向报告人承诺的日期（{date}）已过。请告知报告人原因和现在的预计时间：打开草稿，确认后发送。',
  'requester.draft.progress':
    '工单 *{number}*（{customer}：{title}）已处理了一段时间。已为报告人起草进展说明：打开草稿，确认后发送。',
  'requester.draft.open': '发送给报告人…',
  'requester.draft.reason': '延期原因与方案',
  'requester.draft.note': '目前进展',
  'requester.draft.newDate': '新的预计日期',
  'requester.draft.delayTitle': '延期通知 {number}',
  'requester.draft.progressTitle': '进展说明 {number}',
  'requester.draft.send': '发送',
  'requester.draft.savedReply': '常用回复',
  'requester.draft.savedReplyPlaceholder': '选择常用回复',
  'requester.draft.savedReplyHint':
    '其正文填入下方输入框。你在框中改过的内容会保留，常用回复接在其后。',
  'requester.draft.savedReplyTooLong':
    '未添加“{title}”：加上你的内容将超过 {max} 个字符。请缩短内容或清空输入框后再选择。',
  'requester.draft.placeholders': '发送前请把方括号中的内容替换为实际情况：{placeholders}。',
  'requester.draft.delayText':
    '“{title}”（{number}）需要比计划更多的时间，原因是[原因]。在此期间，我们将[替代方案]。',
  'requester.draft.progressText':
    '“{title}”（{number}）进展：目前我们已[已完成的工作]；接下来将[下一步]。',
  'requester.draft.notedDelay': '已向报告人发送延期通知（新日期 {date}）：{text}',
  'requester.draft.notedProgress': '已向报告人发送进展说明：{text}',
  'requester.draft.noRequester':
    '{number} 没有在 Slack 中的报告人可以发送：请通过电话或邮件告知对方，再用“记录答复”记下。',
  'requester.delayNotice':
    '<@{user}> 关于工单 *{number}* 的说明：处理时间将比计划更长。{text}\n新的预计日期：{date}。',
  'requester.progressNotice': '<@{user}> 关于工单 *{number}* 的进展：{text}',
  'requester.replyNotice': '<@{user}> 关于工单 *{number}* 的回复：{text}',
  'requester.reply.title': '回复 {number}',
  'requester.reply.message': '回复内容',
  'requester.reply.byDm':
    '<@{user}> 会在与本应用的私信中看到这条消息。本工单卡片的处理记录仅供内部使用：在那里回复不会送达对方。',
  'requester.reply.intoThread':
    '<@{user}> 会在 <#{channel}> 中本工单的话题里看到这条消息（应用无法在那里发布时改为私信）。',
  'requester.lowScore':
    '工单 {number}（{customer}）收到 <@{by}> 的低分评价：满意度 {satisfaction}/5，NPS {nps}。已为 <@{owner}> 创建“低分回访”任务，须在 24 小时内完成。',
  'requester.lowScoreNoNps':
    '工单 {number}（{customer}）收到 <@{by}> 的低分评价：满意度 {satisfaction}/5（尚未给出 NPS）。已为 <@{owner}> 创建“低分回访”任务，须在 24 小时内完成。',
  'requester.lowScoreComment': '意见：{comment}',
  'requester.lowScoreDetails':
    '<@{by}> 补充了工单 {number}（{customer}）的低分评价：{satisfaction, select, none {} other {满意度 {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {，}}NPS {nps}}}。',
  'requester.lowScoreCall':
    '工单 {number}（{customer}）在“{call}”中由 <@{by}> 记录了低分评价：{satisfaction, select, none {} other {满意度 {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {，}}NPS {nps}}}。已为 <@{owner}> 创建“低分回访”任务，须在 24 小时内完成。',
  'ticket.event.waitAsked': '<@{by}>：等待客户回复，SLA 计时暂停。已询问报告人：{text}',
  // 客户档案（#11）：联系人、客户类型、备注、标签分类、需求矩阵、卡片上的服务记录。
  'customer.field.customerType': '客户类型',
  'customerType.company': '企业',
  'customerType.person': '个人',
  'customer.modal.customerTypeHint': '个人客户请填写职业，不填企业规模。',
  'customer.field.occupation': '职业（个人客户）',
  'customer.modal.occupationHint': '个人客户填写，代替企业规模。',
  'customer.placeholder.occupation': '如：建筑师',
  'customer.placeholder.address': '如：上海市浦东新区世纪大道88号',
  'customer.field.industryTags': '行业标签',
  'customer.placeholder.industryTags': '如：制造业',
  'customer.field.valueTags': '价值标签',
  'customer.placeholder.valueTags': '如：高价值客户',
  'customer.field.needTags': '需求标签',
  'customer.placeholder.needTags': '如：价格敏感',
  'customer.field.contactRole': '联系人角色',
  'contactRole.main': '主要负责人',
  'contactRole.daily': '日常对接人',
  'customer.field.needsMatrix': '需求（优先级矩阵）',
  'customer.error.tooManyNeeds': '最多 {max} 条需求。',
  'customer.field.notes': '备注',
  'customer.placeholder.notes': '如：习惯周二上午开会',
  'customer.section.notes': '备注',
  'customer.field.lateRecord': '延迟建档',
  'customer.field.cooperationYears': '合作年限',
  'customer.card.cooperationYears': '{years, plural, =0 {不满一年} other {# 年}}（自 {date} 起）',
  'customer.field.lastOrder': '最近订单',
  'customer.field.historicTotal': '历史合作金额',
  'customer.field.ordersLast12': '近 12 个月订单数',
  'customer.card.none': '无',
  'customer.card.annualPurchases': '年采购额',
  'customer.card.notRecorded': '未填写',
  'customer.card.late':
    ':warning: 首次接触（{date}）后 {days, number} 天才建档；应在 24 小时内建档。',
  'customer.card.serviceHistory': '服务记录',
  'customer.card.openTicketsNone': '没有未结工单。',
  'customer.card.openTicketsLine': '未结：{list}',
  'customer.card.closedLine': '{number} · {when} · {resolution}',
  'customer.card.closedSatisfaction': '{line} · 满意度 {score}/5',
  'customer.card.noResolution': '未填写解决方案',
  'customer.card.complaints12': '近 12 个月投诉：{count, number}',
  'customer.card.lastRevisit': '最近回访（{date}）：{result}',
  'customer.card.revisitSolved': '已解决',
  'customer.card.revisitUnsolved': '未解决',
  'customer.card.revisitScore': '满意度 {score}/5',
  'customer.card.revisitNps': 'NPS {nps}',
  'customer.card.lastRevisitOf': '最近回访（{number}，{date}）：{result}',
  'customer.card.moreContacts': '……另有 {count, number} 位联系人。',
  'customer.button.contacts': '联系人',
  'contacts.modal.title': '联系人',
  'contacts.modal.close': '完成',
  'contacts.modal.add': '添加联系人',
  'contacts.modal.none': '还没有联系人。',
  'contacts.modal.primary': '主联系人',
  'contacts.menu.edit': '编辑',
  'contacts.menu.remove': '删除',
  'contacts.menu.primary': '设为主联系人',
  'contacts.remove.title': '删除联系人',
  'contacts.remove.submit': '删除',
  'contacts.remove.confirm':
    '要从 *{name}*（{code}）删除联系人 *{contact}* 吗？客户的变更记录会保留这次删除。',
  'contacts.remove.nextPrimary': '*{contact}* 将成为主联系人。',
  'contacts.form.addTitle': '添加联系人',
  'contacts.form.editTitle': '编辑联系人',
  'contacts.form.submit': '保存联系人',
  'contacts.error.gone': '该联系人已不在这个客户名下。请重新打开“联系人”查看最新列表。',
  'contacts.error.duplicate': '这个客户已有名为{contact}的联系人。',
  'contacts.error.tooMany': '每个客户最多 {max} 位联系人。',
  'contacts.error.accessChangedSinceOpen':
    '你打开该联系人后，查看该客户电话和邮箱的权限已变更，你已无权查看：请关闭后从“联系人”重新打开该联系人再修改这段文字。',
  'customer.history.contactLine': '{when} · {by} · {field}（{contact}）：{old} → {new} · {source}',
  'customer.field.primaryContact': '主联系人',
  'signal.late':
    ':hourglass: {name}由 <@{owner}> 在首次接触（{date}）{days, number} 天后才建档；应在首次接触后 24 小时内建档。',
  'signal.upgrade':
    ':arrow_up: {name}有升级意向：“{what}”（由 <@{by}> 记录）。负责人 <@{owner}> 已无工作台角色：任务交给 <@{assignee}>。',
  'digest.f.lateRecords': '超 24 小时建档',
  'digest.f.lateInteractions': '超 24 小时记录的互动',
  // Tag pick lists and the needs matrix as rows in the customer modals (#11).
  'customer.tagSuggestions.industry': '制造业, 零售业',
  'customer.tagSuggestions.value': '高价值客户, 潜力客户',
  'customer.tagSuggestions.needs': '价格敏感, 技术导向, 产品采购, 技术咨询, 售后服务, 定制开发',
  'customer.modal.tagPickHint': '手册建议的标签，以及本工作区已在使用的标签。',
  'customer.placeholder.pickTags': '选择标签',
  'customer.field.industryTagsOther': '其他行业标签',
  'customer.field.valueTagsOther': '其他价值标签',
  'customer.field.needTagsOther': '其他需求标签',
  'customer.modal.otherTagsHint': '列表里没有？在此填写，用逗号分隔；之后会出现在列表中。',
  'customer.needs.intro': '*需求（优先级矩阵）*：每行一条需求，分别标明是否紧急、是否重要。',
  'customer.needs.row': '需求 {n}',
  'customer.needs.placeholder': '如：48小时内供应备件',
  'customer.needs.urgency': '紧急程度',
  'customer.needs.importance': '重要程度',
  'customer.needs.urgent': '紧急',
  'customer.needs.notUrgent': '不紧急',
  'customer.needs.important': '重要',
  'customer.needs.notImportant': '不重要',
  'customer.needs.add': '添加需求',
  'customer.needs.remove': '删除',
  'customer.error.needText': '请填写需求内容，或删除这一行。',
  'customer.card.quadrantUrgentImportant': '紧急且重要',
  'customer.card.quadrantImportant': '重要不紧急',
  'customer.card.quadrantUrgent': '紧急不重要',
  'customer.card.quadrantNeither': '不紧急也不重要',
  'help.desk.handover': '员工离职或调岗时，把其未结工单、任务和客户移交给他人（主管）',
  'permission.denied.handover': '只有服务台主管和管理员可以移交他人的工作。',
  'permission.denied.handoverAsk':
    '只有服务台主管和管理员可以移交他人的工作：请联系 {admins}，在 `/desk roles` 中把你设为主管。',
  'handover.title': '移交工作',
  'handover.submit': '移交',
  'handover.intro':
    '用于员工离职或调岗：其未结工单、未完成任务（包括其协助或审批的任务）和其负责的客户移交给另一人。每条记录都以你的名义单独“转派”、“编辑任务”或更换负责人，并记入该记录；接收人会收到一条列出全部内容的私信。',
  'handover.field.from': '移交人',
  'handover.field.to': '接收人',
  'handover.hint.to': '处理工单的工作区成员。',
  'handover.field.what': '移交内容',
  'handover.part.tickets': '其负责的未结工单',
  'handover.part.tasks': '其执行、协助或审批的未完成任务',
  'handover.part.customers': '其负责的客户',
  'handover.error.same': '请选择移交人以外的另一人。',
  'handover.error.nothing':
    '所选内容中没有可移交的：找到未结工单{ticketsMore, select, yes {超过 {max, number}} other { {tickets, number}}} 张、未完成任务{tasksMore, select, yes {超过 {max, number}} other { {tasks, number}}} 个、客户{customersMore, select, yes {超过 {max, number}} other { {customers, number}}} 家。',
  'handover.dm':
    ':inbox_tray: <@{by}> 把 <@{from}> 的工作移交给了你：未结工单 {tickets, number} 张，任务 {tasks, number} 个，客户 {customers, number} 家。现在由你负责；工单卡片和你的主页都已更新。',
  'handover.line.tickets': '• 工单：{list}',
  'handover.line.task': '• 任务：{task}',
  'handover.line.replyDue':
    '• {number}：{who, select, requester {报告人 <@{by}> 表示问题未解决并重新打开了工单} revisit {回访发现问题未解决，服务台重新打开了工单} desk {服务台重新打开了工单} staff {<@{by}> 重新打开了工单} someone {工单已被重新打开} other {客户再次来信}}，{late, select, yes {答复已于 {due} 超时} other {答复时限：{due}}}',
  'handover.line.replyPaused':
    '• {number}：{who, select, requester {报告人 <@{by}> 表示问题未解决并重新打开了工单} revisit {回访发现问题未解决，服务台重新打开了工单} desk {服务台重新打开了工单} staff {<@{by}> 重新打开了工单} someone {工单已被重新打开} other {客户再次来信}}，待答复：{clock}',
  'handover.line.customers': '• 客户：{list}',
  'handover.line.taskWithCustomer': '• 任务：{task}（随客户移交：客户负责人的任务）',
  'handover.error.ticketTaken': '移交读取后已被他人认领或改派（现由 <@{holder}> 负责）。保持不变。',
  'handover.error.ticketReleased': '移交读取后已被他人退回待处理队列。保持不变。',
  'handover.error.followsOtherOwner':
    '客户负责人的任务，但该客户不归其负责：每日计划会把它交给客户负责人（或用“编辑任务”移交）。',
  'handover.error.followsCustomer':
    '客户负责人的任务：随客户一并移交给接手该客户的人（请勾选“其负责的客户”）。',
  'handover.summaryLost':
    ':warning: 你将 <@{from}> 的工作移交给 <@{to}> 的操作已执行完毕，但其摘要未能保存：已移交未结工单 {tickets, number} 张、任务 {tasks, number} 个、客户 {customers, number} 家。{left, plural, =0 {原定移交的内容已全部不在 <@{from}> 名下。} other {原定移交的内容中仍有 {left, number} 项在 <@{from}> 名下：请再次运行 `/desk handover` 移交；无法移交的，其摘要会逐项列出原因。}}{more, select, yes {<@{from}> 名下还有本次原定移交之外（尚未读取）的内容：请再次运行 `/desk handover` 移交其余部分。} other {}}',
  'handover.movedLate':
    ':information_source: 你将 <@{from}> 的工作移交给 <@{to}> 的通知发出之后，又有{records}移交给了 <@{to}>，这 {total, number} 项已不在 <@{from}> 名下。{told, select, yes {现已通知 <@{to}>。} other {}}',
  'handover.movedLate.tickets': '未结工单 {count, number} 张',
  'handover.movedLate.tasks': '任务 {count, number} 个',
  'handover.movedLate.customers': '客户 {count, number} 家',
  'handover.cutShortNone':
    ':warning: 你将 <@{from}> 的工作移交给 <@{to}> 的操作{finished, select, yes {已执行完毕，但其摘要未能保存} other {未完成即中断（系统重启或停止）}}：本次自身未移交任何内容。原定移交的内容已由另一次从 <@{from}> 到 <@{to}> 的移交接手，其通知会逐项说明。{more, select, yes {<@{from}> 名下还有本次原定移交之外（尚未读取）的内容：请再次运行 `/desk handover` 移交其余部分。} other {}}',
  'handover.cutShort':
    ':warning: 你将 <@{from}> 的工作移交给 <@{to}> 的操作未完成即中断（系统重启或停止）：已移交未结工单 {tickets, number} 张、任务 {tasks, number} 个、客户 {customers, number} 家。{left, plural, =0 {原定移交的内容已全部不在 <@{from}> 名下。} other {原定移交的内容中仍有 {left, number} 项在 <@{from}> 名下：请再次运行 `/desk handover` 移交；无法移交的，其摘要会逐项列出原因。}}{more, select, yes {<@{from}> 名下还有本次原定移交之外（尚未读取）的内容：请再次运行 `/desk handover` 移交其余部分。} other {}}',
  'handover.withCustomer': '客户负责人的任务 {count, number} 个已随客户移交给新的负责人。',
  'handover.followLeft':
    '客户负责人的任务 {count, number} 个仍留在本次未移交的 <@{from}> 的客户名下：下次移交该客户时随客户一并移交。',
  'handover.ownerWithoutRole':
    ':warning: <@{to}> 没有客户经理角色：这些客户的 L3 升级会作为“客户经理”转给他。请在 `/desk roles` 中为其分配该角色，或把客户移交给一位客户经理。',
  'handover.moreLeft':
    ':warning: <@{from}> 持有的{part, select, tickets {未结工单} tasks {未完成任务} other {客户}}超过 {max, number} {part, select, tickets {张} tasks {个} other {家}}：每次移交最多 {max, number} {part, select, tickets {张} tasks {个} other {家}}，其余仍归其所有。请再次运行 `/desk handover` 移交其余部分。',
  'handover.done':
    '已把 <@{from}> 的工作移交给 <@{to}>：工单 {tickets, number} 张，任务 {tasks, number} 个，客户 {customers, number} 家{refused, plural, =0 {。} other {；# 项未移交：}}',
  'handover.unreachable':
    ':warning: <@{user}> 已无法接收 Slack 消息，仍持有{ticketsMore, select, yes {超过 {max, number}} other { {tickets, number}}} 张未结工单、{tasksMore, select, yes {超过 {max, number}} other {{tasks, number}}} 个未完成任务、{customersMore, select, yes {超过 {max, number}} other {{customers, number}}} 家客户。请用 `/desk handover` 移交。',
  'handover.refused': '• {part, select, tickets {工单} tasks {任务} other {客户}} {record}：{why}',
  'handover.refusedMore': '• 另有 {count, number} 项未移交',
  'help.desk.privacy': '个人数据请求（导出、删除）和隐私日志',
  'privacy.error.noContact': '{code} 没有名为{name}的联系人。',
  'privacy.usage':
    '`/desk privacy export C2026001 [联系人]` · `/desk privacy erase C2026001 [联系人]` · 按成员 ID 或提及指定 Slack 中的人：`/desk privacy export user:U0456EFGH` · `/desk privacy erase user:U0456EFGH` · `/desk privacy log [erase|export|retention|view] [user:U0456EFGH]`（管理员；不指定类别时列出查看记录以外的全部）',
  'privacy.erase.title': '删除个人信息',
  'privacy.erase.submit': '删除',
  'privacy.erase.erasing': '删除中…工作区较大时需要一些时间：完成后会在这里说明删除了什么。',
  'privacy.erase.running':
    '已在删除中（之前已开始：由你或其他管理员在 Slack 中按下“删除”，或通过隐私命令行工具）：完成后会告诉发起删除的人删除了什么。',
  'privacy.erase.pressedAgain':
    '已收到此表单的“删除”：由它发起的删除会在你与服务台的私信中说明删除了什么（若仍在进行，也会在这里说明）。',
  'privacy.erase.otherRunning':
    '未删除：本工作区正在进行另一项删除（{subject}，由你或其他管理员在 Slack 中按下，或通过隐私命令行工具发起），删除一次只能进行一项。完成后请再按一次“删除”。',
  'privacy.erase.overran':
    '本次删除曾停滞超过 5 分钟，期间可能有另一项删除接手并同时进行：本次删除可能未完成，或其已删除的内容被另一项删除保留。请再执行一次本次删除（重复删除是安全的），期间进行过的其他删除也请再执行一次。',
  'privacy.erase.failed': '未删除：原因见你与本助手的私信。可以再试一次，不会丢失任何内容。',
  'privacy.erase.unfinished':
    '未完成：我们这边出了错，部分内容可能已被删除（参考编号见你与本助手的私信）。请再次执行同样的删除以完成：重复删除是安全的。',
  'privacy.erase.confirmContact':
    '将删除 *{name}*（{code}）的联系人 *{contact}*：其记录，以及在工单、互动、任务、变更记录、服务台尚未发送的消息和已存的周报中出现的姓名、电话、邮箱和即时通讯号。已发到 Slack 的消息（卡片的话题、私信、提醒、周报）保持原样：只有工单卡片会重新显示，不含被删除的内容。此操作无法撤销。',
  'privacy.erase.confirmCustomer':
    '将删除 *{name}*（{code}）及其 {count, number} 位联系人：名称、联系人、地址、地区、需求、备注、职业和标签（包括它们在变更记录中的值），以及其工单、互动、任务和变更记录中的姓名、电话和邮箱。服务台不再联系它：下一次每日任务运行会取消为它计划的关怀、调研、业务回顾和 3-7-30 回访任务（手动创建的任务保留）。订单、金额、日期和等级保留。已发到 Slack 的消息（卡片的话题、私信、提醒、周报）保持原样：只有工单卡片会重新显示，不含被删除的内容。此操作无法撤销。',
  'privacy.erase.confirmAgain':
    '*{name}*（{code}）已于 {when} 删除。再次删除只会完成中断的运行可能遗留的部分（频道关联和任务上的名称、此后录入的信息），不会再记录一次删除。',
  'privacy.erase.confirmUnfinished':
    '*{name}*（{code}）已于 {when} 删除，但那次删除被中断：其名称可能仍在频道关联和任务上，且该删除未记入隐私日志。点击删除将完成它并记入隐私日志。',
  'privacy.erase.doneAgain':
    '{code} 已于 {when} 删除；再次删除只完成了中断的运行可能遗留的部分：{count, plural, =0 {没有需要修改的内容} other {修改了 # 条记录}}。不会再记录一次删除。',
  'privacy.erase.doneUnfinished':
    '已完成 {code} 于 {when} 开始但被中断的删除：修改了 {count, number} 条记录。已记入隐私日志。',
  'privacy.erase.done': '已删除 {code} 的{what}：修改了 {count, number} 条记录。已记入隐私日志。',
  'privacy.erase.cards':
    '分诊频道中该客户工单的卡片和提到已删除内容的其他客户工单的卡片（共 {count, number} 张）及列出它们的应用主页正在更新，不再显示已删除的内容；已发出的消息保持不变。',
  'privacy.erase.cardsUser':
    '分诊频道中此次删除改动过的工单的卡片（共 {count, number} 张）及列出它们的应用主页正在更新，不再显示已删除的内容；已发出的消息保持不变。',
  'privacy.erase.whatContact': '联系人',
  'privacy.erase.whatCustomer': '客户信息',
  'privacy.alsoSlackUser':
    '如果此人也在 Slack 中联系过服务台（Slack Connect 频道、私信），服务台无法识别是同一人：请另外按 Slack 用户{verb, select, export {导出} other {删除}}，即 `/desk privacy {verb, select, export {export} other {erase}} user:@姓名`。',
  'privacy.subject.slackUser': 'Slack 用户 {user}',
  'privacy.subject.contact': '{code} 的联系人',
  'privacy.export.done':
    '{subject}的全部数据：{count, number} 条记录，完整的 JSON 和 CSV 文件。已记入隐私日志。请妥善保管这些文件，处理完请求后删除。',
  'privacy.log.title': '隐私日志（{total, number}）',
  'privacy.log.titleOf':
    '隐私日志：{kind, select, erase {删除} export {导出} retention {保存期限清理} other {查看个人信息}}（{total, number}）',
  'privacy.log.none': '隐私日志中还没有导出、删除或保存期限清理的记录。',
  'privacy.log.noneOf':
    '隐私日志中没有{kind, select, erase {删除} export {导出} retention {保存期限清理} other {查看个人信息}}的记录。',
  'privacy.log.viewsLeftOut':
    '这里不列出查看未脱敏个人信息的记录：用 `/desk privacy log view` 列出；`erase`、`export` 或 `retention` 只列出该类记录。',
  'privacy.log.line': '{at} · {kind} · <@{by}> · {subject}',
  'privacy.log.lineByDesk':
    '{at} · {kind} · {why, select, retention {服务台（保存期限清理）} erase {服务台（完成一项删除）} eraseStarted {服务台，完成 {starters} 发起的删除} other {服务台}} · {subject}',
  'privacy.log.all': '全部客户',
  'privacy.log.exportedCustomers':
    '{count, number} 家客户{masked, select, no {，个人信息未脱敏} yes {，个人信息已脱敏} other {}}',
  'privacy.log.exportedContacts':
    '{count, number} 位联系人{masked, select, no {，个人信息未脱敏} yes {，个人信息已脱敏} other {}}',
  'privacy.log.viaCli': '通过命令行（`--as`）',
  'privacy.log.delivered': '文件已在 Slack 送达',
  'privacy.log.notDelivered': '文件未送达：Slack 拒收（`{error}`）',
  'privacy.log.deliveryUnknown': '文件未确认送达（未记录到 Slack 的回应）',
  'privacy.log.deliveryUncertain': '文件可能已送达：Slack 未回应分享请求（`{error}`）',
  'privacy.kind.export.customers': '客户 CSV 导出',
  'privacy.kind.export.contacts': '联系人 CSV 导出',
  'privacy.kind.export.subject': '个人数据导出',
  'privacy.kind.erase': '删除',
  'privacy.kind.retention': '保存期限清理',
  'privacy.kind.erase.workspace': '工作区数据删除',
  'privacy.kind.view': '查看个人信息',
  'privacy.export.preparing': '正在准备{subject}的导出……文件将发送到你与服务台的私信中。',
  'privacy.export.sent':
    '{subject}的导出（{count, number} 条记录，JSON 和 CSV）已发送到你与服务台的私信（“消息”标签页）。只有你能看到。',
  'privacy.export.missingScope':
    '{subject}的导出已生成（并已记入隐私日志），但 Slack 表示服务台在本工作区的安装缺少 `files:write` 权限，因此没有分享任何内容。重试无济于事：需由工作区管理员重新安装应用以授予该权限（应用清单已包含此权限）。在此之前，可在服务器上用 `npm run privacy -- export` 生成相同的文件。',
  'privacy.export.failed':
    '{subject}的导出已生成（并已记入隐私日志），但 Slack 没有接收文件（{reason}），因此没有分享任何内容。请稍后重试；也可在服务器上用 `npm run privacy -- export` 生成相同的文件。',
  'privacy.export.maybeShared':
    '{subject}的导出已生成（并已记入隐私日志），但请求分享文件时 Slack 没有回应（{reason}），文件可能已经分享：请先查看你与服务台的私信（“消息”标签页），再决定是否重试。',
  'privacy.export.titleJson': '{subject}的个人数据导出（JSON）',
  'privacy.export.titleCsv': '{subject}的个人数据导出（CSV）',
  'privacy.erase.alsoElsewhere': '在其他客户的文字记录中也找到：{found}。这些提及也会被删除。',
  'privacy.erase.elsewhereNone': '在其他客户的文字记录中没有找到。',
  'privacy.erase.elsewhereCounting':
    '_正在查找其他客户文字记录中的提及…_（无论数量多少都会一并删除）',
  'privacy.erase.where.tickets': '{count, number} 张工单',
  'privacy.erase.where.interactions': '{count, number} 条互动',
  'privacy.erase.where.tasks': '{count, number} 个任务',
  'privacy.erase.where.customers': '{count, number} 份客户档案',
  'privacy.erase.where.customerChanges': '{count, number} 条变更记录',
  'privacy.erase.where.orders': '{count, number} 条订单备注',
  'privacy.erase.doneElsewhere':
    '已删除 {code} 的{what}：修改了 {count, number} 条记录，其中 {elsewhere, number} 条属于其他客户。已记入隐私日志。',
  'privacy.erase.inbox':
    '另有 {count, number} 条客户频道消息尚未生成工单（等待处理、失败或已放弃）：其中的相关文字也会被删除；尚待处理的消息仍会生成工单，但不含被删除的内容。',
  'privacy.error.privacyKeyUnknown':
    '未进行查询：此工作区的隐私日志中，有 Slack 用户是用本服务台现在没有的密钥标识的（PRIVACY_KEY 在这些条目写入后才设置或更改），按 Slack 用户查找会遗漏他们。请让服务台的运维人员将 PRIVACY_KEY_PREVIOUS 设置为之前使用的密钥（若当时未设置 PRIVACY_KEY，则为签名密钥，再否则为 SLACK_APP_TOKEN）并重启，然后再试。',
  'privacy.error.userIsStaff':
    '{user} 正在或曾经在服务台工作（有角色、处理过工单或任务、负责或创建过某个客户、在客户档案中记录过互动、订单或变更、修改过设置）：员工的操作属于服务台的记录，连同其用户 ID 一并保留，因此即使其已离开服务台，也不按 Slack 用户清除。按 Slack 用户清除适用于报告人（Slack Connect 中客户方的人员、访客）；`/desk privacy export user:…` 仍可导出服务台保存的其相关信息。',
  'privacy.error.userOwnsCustomers':
    '{user} 不是本工作区成员（访客，或其他组织的人），目前仍负责 {count, number} 家客户：客户负责人是客户档案的一部分，因此在其仍负责客户期间，不按 Slack 用户清除。请先为这些客户指定其他负责人（编辑客户），再清除此人：届时仍记有其为负责人的内容会一并清除。',
  'privacy.error.notAUser':
    '请用 Slack 成员 ID 或提及指定此人，例如 `user:U0456EFGH`（其个人资料，⋮，复制成员 ID）：输入的 `@name` 在 Slack 发给服务台时只是名字，而不是成员。',
  'privacy.erase.confirmUser':
    '将删除服务台保存的 Slack {requested, plural, =0 {用户} other {报告人}} {user} 的个人信息：{requested, plural, =0 {其未提交过工单} other {其提交的 {requested, number} 张工单作为客户的服务记录保留，报告人显示为 `[erased]`，其描述及满意度调查的评语被删除（评分保留）}}；其用户 ID 及其输入的文字在服务台保存的各处都会被删除，也不会再向其发送消息，其应用主页会被清空。其在 Slack 中的消息保持不变：服务台无法删除他人的消息（工作区所有者或本人可以删除）；服务台此前发给其的私信（工单进展、满意度调查）也保持不变，服务台已不再记录这些私信。此操作无法撤销。',
  'privacy.erase.entriesUser':
    '{entries, plural, =0 {其在其他工单中没有记录或满意度回答。} other {其在 {entries, number} 张其他工单中的记录和满意度回答也会被删除（记录的操作和时间以及评分保留）。}}',
  'privacy.erase.followedUser':
    '其关注了 {count, number} 张工单：将从关注人中移除，不再收到这些工单的进展。',
  'privacy.erase.ownedUser':
    '有 {count, number} 张工单记有其为客户负责人（当时不是本工作区成员，由客户经理代为负责）：其用户 ID 在这些工单中将替换为 `[erased]`，工单本身保留。',
  'privacy.erase.ownedTasksUser':
    '有 {count, number} 项任务记有其为客户负责人（当时不是本工作区成员，任务由代为负责的人执行）：其用户 ID 在这些任务中将替换为 `[erased]`，任务本身保留。',
  'privacy.erase.ownerChangesUser':
    '有 {count, number} 条变更记录记有其为客户负责人（变更前或变更后）：其用户 ID 在这些记录中将替换为 `[erased]`，记录本身保留。',
  'privacy.erase.entriesCounting':
    '_正在统计其在其他工单中的记录以及尚未生成工单的客户频道消息……_（无论数量多少，都会一并删除）',
  'privacy.erase.waitingUser':
    '有 {count, number} 张工单正在等待其回复（“等待客户”）：删除时将由服务台恢复处理，因为已无人可以回复；其 SLA 计时恢复。',
  'privacy.erase.resumedUser':
    '有 {count, number} 张等待其回复的工单已由服务台恢复处理，其 SLA 计时恢复。',
  'privacy.erase.resumedUserUntold':
    '有 {count, number} 张工单的恢复处理尚未通知其处理人及工单消息串（写入失败），服务台将在几分钟内补发通知。',
  'privacy.erase.finishedByUpkeep':
    '{started, select, you {您发起的一项 Slack 用户个人数据删除} asked {一项您曾被告知需等待客户负责人变更的 Slack 用户个人数据删除（按该通知所说告知您；其发起人也会收到通知）} unknown {一项 Slack 用户个人数据删除（服务台没有其发起人的记录；您作为本服务台的管理员之一收到此通知）} other {一项并非由您发起的 Slack 用户个人数据删除（发起人已不再是本服务台的管理员；您作为本服务台的管理员之一收到此通知）}}在完成前被中断，服务台现已将其完成：服务台记录中不再保留其任何信息，{count, number} 张等待其回复的工单已交回处理人继续处理，并已通知处理人。此处不注明是谁：服务台不保留其任何痕迹。',
  'privacy.erase.givenUpByUpkeep':
    '{started, select, you {您发起的一项 Slack 用户个人数据删除} asked {一项您曾被告知需等待客户负责人变更的 Slack 用户个人数据删除（其发起人也会收到通知）} unknown {一项 Slack 用户个人数据删除（服务台没有其发起人的记录；您作为本服务台的管理员之一收到此通知）} other {一项并非由您发起的 Slack 用户个人数据删除（发起人已不再是本服务台的管理员；您作为本服务台的管理员之一收到此通知）}}在完成前被中断，服务台现已放弃该删除：此人此后已成为服务台人员（客服、主管或管理员），服务台保留其人员的操作记录，因此尚未删除的信息将予以保留，该删除也无法再次执行。{count, number} 张等待其回复并已恢复处理的工单已交回处理人继续处理，并将通知处理人。此处不注明是谁。',
  'privacy.erase.waitsOnOwnerByUpkeep':
    '{started, select, you {您发起的一项 Slack 用户个人数据删除} unknown {一项 Slack 用户个人数据删除（服务台没有其发起人的记录；您作为本服务台的管理员之一收到此通知）} other {一项并非由您发起的 Slack 用户个人数据删除（发起人已不再是本服务台的管理员；您作为本服务台的管理员之一收到此通知）}}在完成前被中断，服务台暂时无法完成：此人不是本工作区成员（访客，或其他组织的人），目前仍负责 {count, number} 家客户（{codes}{more, plural, =0 {} other {，另有 # 家}}），客户负责人是客户档案的一部分。请为{count, plural, =1 {该客户} other {这些客户}}指定其他负责人（编辑客户），服务台随后会自动完成该删除并通知您。此处不注明是谁。',
  'privacy.erase.inboxUser':
    '另有 {count, number} 条客户频道消息尚未生成工单：其本人的消息及他人对其消息添加的表情回应不再生成工单，其他人的消息保留，但不含与其有关的内容。',
  'privacy.erase.doneUser':
    '已删除服务台保存的 {user} 的个人信息：修改了 {count, number} 条记录。已记入隐私日志。',
  'privacy.erase.ownedDoneUser':
    '有 {count, number} 张工单记有其为客户负责人（当时不是本工作区成员）：其用户 ID 在这些工单中现为 `[erased]`。',
  'privacy.erase.ownedTasksDoneUser':
    '有 {count, number} 项任务记有其为客户负责人（当时不是本工作区成员）：其用户 ID 在这些任务中现为 `[erased]`。',
  'privacy.erase.ownerChangesDoneUser':
    '有 {count, number} 条变更记录记有其为客户负责人（变更前或变更后）：其用户 ID 在这些记录中现为 `[erased]`。',
  'settings.field.retentionDays':
    '已关闭工单、互动记录和已完成或已取消任务的匿名化期限（天，0 = 不清理）',
  'settings.field.tier_satisfaction_strategic': '报告目标：战略级客户满意度（0-100）',
  'settings.field.tier_satisfaction_key': '报告目标：重点客户满意度（0-100）',
  'settings.field.tier_satisfaction_normal': '报告目标：普通客户满意度（0-100）',
  'settings.field.target_repurchase': '报告目标：复购率（%）',
  'settings.hint.target_repurchase': '上一周期下单的客户中再次下单的占比（月度和季度报告）。',
  'settings.field.target_referral': '报告目标：新客户中转介绍占比（%）',
  'settings.hint.target_referral': '新客户中由老客户转介绍的占比（月度和季度报告）。',
  'settings.group.greetings': '节日问候',
  'settings.about.greetings': '问候客户的节日（每个节日前 3 天生成问候任务）',
  'settings.field.greeting_days': '问候日（每行一个）',
  'settings.hint.greeting_days':
    '名称：日期。公历日期写 MM-DD（公司周年：06-18），农历写 农历 MM-DD（七夕：农历 07-07），默认节日直接写名称（春节、端午节、中秋节、国庆节、元旦）。删除一行即删除该节日；留空则不发问候。',
  'settings.hint.greetings':
    '每个节日前 3 天为各负责人的活跃客户生成问候任务（已退订的联系人除外）。修改从下一次每日任务起生效。',
  'settings.greetings.restore': '恢复默认节日',
  'settings.greetings.restored': '已恢复五个默认节日。点击保存后生效。',
  'settings.error.greetingLine': '“{line}”：请写成 名称：日期，例如 七夕：农历 07-07。',
  'settings.error.greetingDate':
    '“{line}”：日期须为 MM-DD、农历 MM-DD 或默认节日（2 月 29 日并非每年都有）。',
  'settings.error.greetingName': '“{line}”：名称最多 {max} 个字符。',
  'settings.error.greetingTwice': '“{line}”：列表中已有同一日期的节日。',
  'settings.error.greetingTooMany': '问候日最多 {max} 个。',
  'settings.group.replies': '常用回复',
  'settings.about.replies': '客服给报告人发消息时按标题插入的文本',
  'settings.field.saved_replies': '常用回复',
  'settings.field.saved_reply': '常用回复',
  'settings.replies.intro':
    '客服在延期通知、进展说明或向报告人提问时按标题插入的文本：现有 {count} 条，最多 {max} 条。正文中的“{customer}”和“{ticket}”插入时替换为工单的客户名称和编号。',
  'settings.replies.add': '新增回复',
  'settings.replies.edit': '编辑',
  'settings.replies.delete': '删除',
  'settings.replies.deleteTitle': '删除这条常用回复？',
  'settings.replies.deleteText': '“{title}”将对所有人删除：客服在菜单中不再能找到它。',
  'settings.replies.none': '还没有常用回复：点“新增回复”添加第一条。',
  'settings.replies.page': '第 {page} 页，共 {pages} 页',
  'settings.replies.previous': '上一页',
  'settings.replies.next': '下一页',
  'settings.replies.saved': '已保存“{title}”。',
  'settings.replies.unchanged': '“{title}”没有改动。',
  'settings.replies.deleted': '已删除“{title}”。',
  'settings.replies.gone': '这条回复已被他人删除：列表已更新为当前内容。',
  'settings.reply.addTitle': '新增常用回复',
  'settings.reply.editTitle': '编辑常用回复',
  'settings.reply.title': '标题',
  'settings.reply.titleHint': '客服在菜单中选择的名称：最多 {max} 个字符，不能与其他回复同名。',
  'settings.reply.text': '正文',
  'settings.reply.textHint':
    '最多 {max} 个字符。插入时，“{customer}”和“{ticket}”替换为工单的客户名称和编号。',
  'settings.reply.error.titleMissing': '请填写回复的标题。',
  'settings.reply.error.titleLong': '标题最多 {max} 个字符。',
  'settings.reply.error.titleTaken': '已有标题为“{title}”的回复：请换一个标题。',
  'settings.reply.error.tooMany': '常用回复已达上限 {max} 条：请先删除一条。',
  'settings.reply.error.textMissing': '请填写客服要插入的正文。',
  'settings.reply.error.textLong': '正文最多 {max} 个字符。',
  'settings.reply.gone': '这条回复已被他人删除：请关闭本窗口后重新新增。',
  'settings.error.replyTitleLong': '第 {n} 条回复（“{title}”）：标题（第一行）最多 {max} 个字符。',
  'settings.error.replyNoText':
    '第 {n} 条回复（“{title}”）没有正文：第一行是标题，正文写在其下方各行。',
  'settings.error.replyTextLong': '第 {n} 条回复（“{title}”）：正文最多 {max} 个字符。',
  'settings.error.replyTitleTwice': '第 {n} 条回复：已有标题为“{title}”的回复。',
  'settings.error.replyTooMany': '常用回复最多 {max} 条（现有 {count} 条）。',
  'task.mine.page': '第 {from}-{to} 条，共 {total} 条，按到期时间排序',
  'task.mine.next': '下一页',
  'task.mine.previous': '上一页',
  'task.mine.expired':
    '此列表已无法翻页：Slack 只允许服务台在 30 分钟内更新它。请重新运行 {list, select, approve {`/task mine approve`} team {`/task team`} other {`/task mine`}} 获取新的列表。',
  'task.mine.unreached':
    '无法连接 Slack 来显示该页。请重试，或重新运行 {list, select, approve {`/task mine approve`} team {`/task team`} other {`/task mine`}}。',
  'roles.field.manages': '管理的客户经理',
  'roles.hint.manages':
    '该主管管理的客户经理：这些负责人的客户逾期建档、投诉会通知该主管，该主管可查看其客户的个人信息。无人管理的负责人：通知所有主管。',
  'settings.field.manages': '主管及其管理的客户经理',
  'install.page.title': '安装客户服务台',
  'install.page.body': '把服务台添加到你的 Slack 工作区：Slack 会请你允许应用所需的权限。',
  'install.page.button': '添加到 Slack',
  'install.done.title': '服务台已安装',
  'install.done.body':
    '在 Slack 中打开应用：它的主页标签会说明首先要设置什么（服务台管理员用 /desk settings 选择分诊频道）。',
  'install.done.open': '打开 Slack',
  'install.done.browser': '在浏览器中打开 Slack',
  'install.done.orgBody': '服务台已为你的组织安装。下一步，选择要添加服务台的工作区。',
  'install.done.orgOpen': '选择工作区',
  'install.failed.title': '服务台未安装',
  'install.failed.cancelled': '你取消了安装：没有安装任何内容。',
  'install.failed.state':
    '此安装链接已过期，或在另一个浏览器中打开。请在同一个浏览器中从安装页面重新开始。',
  'install.failed.slack':
    'Slack 没有确认这次安装。请从安装页面重新开始；如果仍然失败，请告诉负责服务台的人。',
  'install.failed.other':
    '我们这边出了问题。请从安装页面重新开始；如果仍然失败，请告诉负责服务台的人。',
  'install.failed.again': '重新开始',
  'ticket.modal.noCustomersYet':
    '本工作区还没有客户档案，而工单总是属于某个客户：请关闭此表单，用 /customer new 建立客户档案（或请一线客服或客户经理建立），然后再运行 /ticket new。',
  'install.notServed':
    '服务台未连接到本工作区（其访问权限已被移除，或从未在此安装），因此没有执行任何操作。工作区管理员安装应用即可连接。',
  'install.restarting':
    '服务台正在重启，未能及时完成此操作，因此可能尚未执行。请稍后查看，如未完成请重试。',
  'install.restartingNotDone': '服务台正在重启，因此没有执行任何操作。请稍后重试。',
  'install.tokenRefused':
    '服务台与 Slack 的连接已断开（它对本工作区的访问权限已被移除，或其令牌已被更换），因此没有执行任何操作。请告诉负责服务台的人：需要设置新的机器人令牌并重启。',
  'install.otherWorkspace':
    '此服务台未安装在您的工作区，因此没有执行任何操作。如果您与使用它的团队合作，请在与他们共享的频道中留言：他们会在那里答复。',
  'install.otherOrganisation':
    '此表单仅供运营此服务台的团队使用，不对其他组织的人员开放，因此没有保存任何内容。请在与他们共享的频道中留言：他们会在那里答复。',
  'cli.args.problem': '{name}：{problem}',
  'cli.args.arguments': '参数',
  'cli.args.required': '必填',
  'cli.args.teamRequired': '必填（Slack 团队 ID，如 T0123ABCD）',
  'cli.args.teamId': '应为 Slack 团队 ID，如 T0123ABCD',
  'cli.args.userRequired': '必填（Slack 用户 ID，如 U0123ABCD）',
  'cli.args.userId': '应为 Slack 用户 ID，如 U0123ABCD',
  'cli.args.oneOf': '应为以下之一：{values}',
  'cli.args.requiredOneOf': '必填，应为以下之一：{values}',
  'cli.args.isoTime': '应为 ISO 时间，如 `2026-11-24T09:00:00+08:00`',
  'cli.args.tooLong': '最多 {max, number} 个字符',
  'cli.args.unknownOption': '无法识别的选项“{option}”',
  'cli.args.notForCommand': '{command} 不接受选项“{option}”',
  'cli.args.unexpected': '此命令不接受参数“{argument}”',
  'cli.args.missingValue': '选项“{option}”缺少取值',
  'cli.args.noValue': '选项“{option}”不接受取值',
  'cli.args.ambiguousValue': '选项“{option}”缺少取值（以“-”开头的取值请写作 `{option}=-…`）',
  'cli.args.invalid': '取值无效',
  'cli.args.unreadable': '无法读取：{detail}',
  'cli.file.symlink': '{file} 是符号链接：未写入（请给出文件本身的路径）',
  'cli.file.isDirectory': '{file} 是文件夹：未写入（请给出文件名）',
  'cli.file.denied': '无法写入 {file}：权限不足（其他用户的文件，或无权写入的文件夹）',
  'cli.file.notFile': '{file} 不是普通文件：未写入',
  'cli.file.noFolder': '无法写入 {file}：所在文件夹不存在',
  'cli.file.writeFailed': '无法写入 {file}（{code}）',
  'cli.file.readIsDirectory': '{file} 是文件夹：未导入任何内容（请给出其中的 CSV 文件）',
  'cli.file.readNotFile':
    '{file} 不是普通文件（管道、设备或套接字）：未导入任何内容（请给出 CSV 文件）',
  'cli.file.readDenied': '无法读取 {file}：权限不足；未导入任何内容',
  'cli.file.readFailed': '无法读取 {file}（{code}）；未导入任何内容',
  'cli.failed': '{tool}：{problem}',
  'cli.failed.database': '数据库无响应：{detail}',
  'cli.failed.other': '运行失败：{detail}',
  'config.invalid': '配置无效：',
  'config.entry': '第 {entry} 项：{problem}',
  'config.mongodbUri': '应为以 `mongodb://` 或 `mongodb+srv://` 开头的 URI',
  'config.slackUserId': '应为 Slack 用户 ID，如 U0123456789',
  'config.slackChannelId': '应为 Slack 频道 ID，如 C0123456789',
  'config.timeZone': '应为 IANA 时区，如 Asia/Shanghai',
  'config.oneOf': '应为以下之一：{values}',
  'config.envFile': '无法读取其指定的文件',
  'config.envFileCode': '无法读取其指定的文件（{code}）',
  'db.unreachable': '无法连接位于{hosts}的数据库：{detail}',
  'db.unreachableFrom': '无法连接位于{hosts}的数据库（{source}）：{detail}',
  'db.none':
    '没有可用的 MongoDB。请任选以下一种方式：\n  1. 将 MONGODB_URI 设为一个运行中的 MongoDB（如 `mongodb://127.0.0.1:27017`）；\n  2. 为 mongodb-memory-server 提供 mongod：设置 `MONGOMS_SYSTEM_BINARY=/path/to/mongod`、在\n     `~/.cache/mongodb-binaries` 中缓存一个 mongod，或使网络能访问其下载主机；\n  3. 安装 Java 17+ 和 Maven，以便本项目启动 mongo-java-server（Maven 会在首次使用时下载一次）。\n已尝试：',
  'db.fileInUse':
    '内置数据库的文件 {file} 正被另一个进程使用（使用同一 DATA_DIR 运行的服务台或工具）：内置数据库同一时间只能供一个进程使用。请先停止该进程，或将 MONGODB_URI 设为可供多个进程共用的 MongoDB',
  'cli.team.unknown':
    '没有工作区{teamId}（已知：{known}）；工作区在应用安装到该处或首次在该处使用时创建',
  'cli.team.lookedInUri': '（查找的是 MONGODB_URI 指向的数据库 {hosts}）',
  'cli.team.lookedInData':
    '（查找的是 {dir} 中的内置数据库：工具从运行时所在的文件夹读取 `.env` 和数据文件夹；请在服务台的文件夹中运行，或设置 ENV_FILE、MONGODB_URI 或 DATA_DIR）',
  'cli.team.unknownNone':
    '没有工作区{teamId}（目前还没有任何工作区）；工作区在应用安装到该处或首次在该处使用时创建',
  'cli.admins.usage': '用法：npm run admins -- --team T0123ABCD [--add U0123ABCD]',
  'cli.admins.added': '{user}现已是{team}的管理员',
  'cli.admins.already': '{user}已是{team}的管理员，未做任何更改',
  'cli.admins.unknown':
    '{user} 不是服务台已知的用户（没有角色，也不负责任何客户）：已按所填添加；请核对该 ID（在 Slack 中：其个人资料，⋮，复制成员 ID）',
  'cli.admins.list': '{team}的管理员：{admins}',
  'cli.admins.none':
    '工作区 {team} 没有管理员，添加一位（把 U0123ABCD 换成其 Slack 用户 ID）：`npm run admins -- --team {team} --add U0123ABCD`',
  'cli.customers.usage':
    '用法：\n  npm run customers -- import --team T0123ABCD --as U0123ABCD --file customers.csv [--orders orders.csv] [--contacts contacts.csv]\n  npm run customers -- export --team T0123ABCD --as U0123ABCD --out customers.csv [--contacts-out contacts.csv] [--lang zh-CN]\n  （表头使用工作区的语言，除非指定 --lang en 或 --lang zh-CN；--as 不是管理员时个人信息字段会被遮盖；\n  每次导出都会记录）\n  --at 2026-11-24T09:00:00+08:00（ISO 时间）：按该时间导入（导出始终按当前时间）',
  'cli.customers.importNeeds': 'import 需要 --as 以及 --file、--orders 或 --contacts',
  'cli.customers.exportNeeds': 'export 需要 --as 和 --out',
  'cli.customers.exportNoAt': 'export 不接受 --at',
  'cli.customers.samePath':
    '--out 和 --contacts-out 是同一个文件（{file}）：请各用一个文件，未写入任何内容',
  'cli.customers.future': '--at 不能是将来的时间：新客户会得到那一年的编号，而编号一经生成不能更改',
  'cli.customers.noFile': '文件不存在：{file}',
  'cli.customers.notUtf8':
    '{kind}文件 {file} 不是 UTF-8 编码，未导入其中任何内容。请另存为“CSV UTF-8”（Excel：另存为“CSV UTF-8（逗号分隔）”）后再导入。',
  'cli.customers.exported': '已导出 {count, number} 家客户：{file}',
  'cli.customers.exportedMasked':
    '已导出 {count, number} 家客户：{file}（个人信息字段已遮盖，因为 --as 不是管理员）',
  'cli.customers.exportedContacts': '已导出 {count, number} 位联系人：{file}',
  'cli.customers.file.customers': '客户',
  'cli.customers.file.orders': '订单',
  'cli.customers.file.contacts': '联系人',
  'cli.customers.notRead': '{kind}文件无法读取，未导入任何内容：{detail}',
  'cli.customers.importedCustomers':
    '客户：新建 {created}，更新 {updated}，未变 {unchanged}，跳过 {skipped}',
  'cli.customers.importedOrders': '订单：新增 {added}，已存在 {duplicates}，跳过 {skipped}',
  'cli.customers.importedOrdersNumbered':
    '订单：新增 {added}，已有订单补录订单号（更新）{numbered}，已有订单补录交付日期 {delivered}，已存在 {duplicates}，跳过 {skipped}',
  'cli.customers.importedOrdersDelivered':
    '订单：新增 {added}，已有订单补录交付日期 {delivered}，已存在 {duplicates}，跳过 {skipped}',
  'cli.customers.importedContacts':
    '联系人：新增 {added}，更新 {updated}，未变 {unchanged}，跳过 {skipped}',
  'cli.customers.ignoredColumns': '已忽略的列：{columns}',
  'cli.customers.rowError': '{kind}文件第 {line} 行：{reason}',
  'cli.job.usage':
    '用法：npm run job -- sla-alerts --team T0123ABCD [--at 2026-11-24T10:00:00+08:00] [--force]\n  （第一个参数是任务名称，见下方任务列表；全部工作区运行的任务不加 --team）\n任务：{jobs}',
  'cli.job.workspace': '{name}（按工作区）',
  'cli.job.global': '{name}（全部工作区）',
  'cli.job.failed': '{job}（{team}，时段{slot}）：失败（第 {attempt} 次，共 {max} 次）：{error}',
  'cli.job.slot': '{time}（对应 {period}）',
  'cli.job.slotUtc': '{time}（UTC）',
  'cli.job.ran': '{job}（{team}，时段{slot}）：已运行',
  'cli.job.ranCounts':
    '{job}（{team}，时段{slot}）：已运行{why, select, noChannel {，未发布：尚未设置每周摘要频道} beforeInstall {，未发布：其时段在本工作区开始使用之前已结束} alreadyPosted {，未再次发布：此前已发布} other {}}（{counts}）',
  'cli.job.failedRetried':
    '{job}（{team}，时段{slot}）：已失败 {attempt, number} 次（共 {max, number} 次）{hasError, select, yes {，最近一次错误：{error}} other {}}，将在{at}后重试（用 --force 立即运行）',
  'cli.job.failedGivenUp':
    '{job}（{team}，时段{slot}）：已失败 {attempt, number} 次（共 {max, number} 次）{hasError, select, yes {，最近一次错误：{error}} other {}}，不再重试（用 --force 再次运行）',
  'cli.job.running': '{job}（{team}，时段{slot}）：另一个实例正在运行',
  'cli.job.done':
    '{job}（{team}，时段{slot}）：已运行过{why, select, noChannel {，未发布：尚未设置每周摘要频道} beforeInstall {，未发布：其时段在本工作区开始使用之前已结束} alreadyPosted {，未再次发布：此前已发布} other {}}{hasCounts, select, yes {（{counts}）} other {}}（用 --force 再次运行）',
  'cli.job.needsTeam': '{name}按工作区运行：请指定 --team',
  'cli.job.noTeam': '{name}同时为所有工作区运行：请去掉 --team',
  'cli.job.future': '--at 不能是将来的时间',
  'cli.job.outbox': '发件箱：已发送 {sent}，失败 {failed}，已放弃 {dead}，受速率限制 {limited}',
  'cli.privacy.usage':
    '用法：\n  npm run privacy -- export --team T0123ABCD --as U0123ABCD --customer C2026001 [--contact 王芳] --out subject\n  npm run privacy -- export --team T0123ABCD --as U0123ABCD --user U0456EFGH [--customer C2026001] [--contact 王芳] --out subject\n  npm run privacy -- erase --team T0123ABCD --as U0123ABCD --customer C2026001 [--contact 王芳] [--yes]\n  npm run privacy -- erase --team T0123ABCD --as U0123ABCD --user U0456EFGH [--yes]\n  npm run privacy -- log --team T0123ABCD --as U0123ABCD [--kind erase|export|retention|view] [--user U0456EFGH]\n  （--as 必须是管理员；export 写出 subject.json 和 subject.csv，\n  --out subject.csv 也一样；--user 另外导出该 Slack 用户提交的\n  工单及其在其他工单中的时间线记录和满意度回答；erase --user 清除在服务台没有角色的 Slack 用户\n  （其工单保留，报告人改为 `[erased]`）；不加 --yes 时，erase 只列出将要清除的内容；log 列出\n  隐私日志最近 100 条记录，加 --kind 时只列出该类记录，加 --user 时只列出与该 Slack 用户有关的记录）',
  'cli.privacy.needsCustomer': 'erase 需要 --customer 或 --user',
  'cli.privacy.exportNeedsSubject': 'export 需要 --customer、--user 或两者',
  'cli.privacy.contactNeedsCustomer': '--contact 需要 --customer（该联系人所属的客户）',
  'cli.privacy.userEraseAlone':
    'erase 的 --user 须单独使用：Slack 用户单独清除，联系人用 --customer 和 --contact 清除',
  'cli.privacy.logByUserOnly': 'log 只接受 --user（列出与该 Slack 用户有关的记录）',
  'cli.privacy.noCustomer':
    '没有编号为“{code}”的客户。以下命令会导出全部客户及其编号：`npm run customers -- export --team {team} --as {actor} --out customer-codes.csv`',
  'cli.refusal.admin':
    '{actor}（--as）不是服务台管理员，只有管理员可以{action, select, settings {查看或修改服务台设置} roles {查看或修改角色} channels {管理客户频道} privacy {处理数据主体请求并查看隐私日志} other {执行此操作}}。请把 --as 换成一位管理员再运行，或请一位管理员在 Slack 中用 `/desk roles` 把 {actor} 设为管理员。',
  'cli.refusal.adminAsk':
    '{actor}（--as）不是服务台管理员，只有管理员可以{action, select, settings {查看或修改服务台设置} roles {查看或修改角色} channels {管理客户频道} privacy {处理数据主体请求并查看隐私日志} other {执行此操作}}。请把 --as 换成其中一位管理员（{admins}）再运行，或请一位管理员在 Slack 中用 `/desk roles` 把 {actor} 设为管理员。',
  'cli.refusal.noAdmin':
    '只有服务台管理员可以执行此操作，而工作区 {team} 还没有管理员。请执行 `npm run admins -- --team {team} --add {actor}` 把 {actor}（--as）设为管理员，然后重新运行。',
  'cli.refusal.roleNoAdmin':
    '{actor}（--as）不能{refused, select, claim {认领工单} customerCreate {新建客户} report {查看报告} handover {移交工作} other {执行此操作}}：这需要服务台角色，而 {team} 还没有管理员来分配角色。请把 --as 换成有角色的人再运行，或用 `npm run admins -- --team {team} --add {actor}` 把 {actor} 设为管理员，再在 Slack 中用 `/desk roles` 分配角色。',
  'cli.refusal.guestRead':
    '{actor}（--as）在服务台没有任何角色（管理员、主管、一线客服、二线专家或客户经理），工具无法向 Slack 确认其是本工作区的成员还是访客（访客不能查看客户档案），因此未读取也未写入任何内容。请把 --as 换成有角色的人再运行；服务台管理员可在 Slack 中用 `/desk roles` 分配角色。',
  'cli.privacy.exportNeedsOut': 'export 需要 --out',
  'cli.privacy.none': '无',
  'cli.privacy.privacyKeyUnknown':
    '未读取或写入任何内容：此工作区的隐私日志中，有 Slack 用户是用本工具没有的密钥标识的（PRIVACY_KEY 在这些条目写入后才设置或更改）。请将 PRIVACY_KEY_PREVIOUS 设置为之前使用的密钥（若当时未设置 PRIVACY_KEY，则为签名密钥，再否则为 SLACK_APP_TOKEN），运行中的应用也应如此设置，然后再运行一次。',
  'cli.privacy.noPrivacyKey':
    '未读取或写入任何内容：隐私日志以密钥标识 Slack 用户，该密钥由应用的密钥生成（PRIVACY_KEY，否则 SLACK_SIGNING_SECRET，再否则 SLACK_APP_TOKEN），而本工具一个都没有设置。请设置与运行中的应用相同的密钥（在 .env 或环境变量中），然后再运行一次。',
  'cli.privacy.erasureRunning':
    '未删除：{subject}的删除正在进行中（来自 Slack 或本工具的另一次运行），删除一次只能进行一项。完成后请再运行一次。',
  'cli.privacy.userSubject': 'Slack 用户 {user}',
  'cli.privacy.exported': '已导出关于{subject}的 {count, number} 份文档：{json} 和 {csv}',
  'cli.privacy.alreadyErased':
    '客户{code}已于 {when} 清除：没有需要再清除的内容，也不会再记录一次清除',
  'cli.privacy.erasureUnfinished':
    '客户{code}已于 {when} 开始清除，但该次清除未完成：其名称可能仍留在频道关联和任务中，隐私日志中也没有这次清除的记录。请加 --yes 再次运行以完成清除',
  'cli.privacy.wouldErase':
    '将清除{whole, select, yes {客户{code}及其 {contacts, number} 位联系人} other {{code}的 {contacts, number} 位联系人}}；在其他客户的文档中也被提及：{elsewhere}；确认后请加 --yes 再次运行',
  'cli.privacy.wouldEraseInbox':
    '将清除{whole, select, yes {客户{code}及其 {contacts, number} 位联系人} other {{code}的 {contacts, number} 位联系人}}；在其他客户的文档中也被提及：{elsewhere}；在尚未转为工单的客户频道消息（事件收件箱）中：{inbox, number}；确认后请加 --yes 再次运行',
  'cli.privacy.erased':
    '已清除{whole, select, yes {客户{code}的全部资料} other {{code}的 {contacts, number} 位联系人}}：另有 {total, number} 份文档被修改；其他客户的文档中：{elsewhere}；待更新的工单卡片（及列出它们的应用主页，由运行中的应用更新）：{cards, number}',
  'cli.privacy.wouldEraseUser':
    '将清除 Slack 用户 {user}：其提交的 {requested, number} 张工单（保留，报告人改为 `[erased]`，其描述被删除）；其在 {entries, number} 张其他工单中的记录；其关注的 {followed, number} 张工单（将从关注人中移除）；{owned, plural, =0 {} other {记有其为客户负责人（当时不是本工作区成员）的 {owned, number} 张工单（其用户 ID 将改为 [erased]）；}}{ownedTasks, plural, =0 {} other {记有其为客户负责人（当时不是本工作区成员）的 {ownedTasks, number} 项任务（其用户 ID 将改为 [erased]）；}}{ownerChanges, plural, =0 {} other {记有其为客户负责人（变更前或变更后）的 {ownerChanges, number} 条变更记录（其用户 ID 将改为 [erased]）；}}在尚未转为工单的客户频道消息（事件收件箱）中：{inbox, number}；确认后请加 --yes 再次运行',
  'cli.privacy.overran':
    '本次删除曾停滞超过 5 分钟，期间可能有另一项删除接手并同时进行：本次删除可能未完成，或其已删除的内容被另一项删除保留。请再执行一次（重复删除是安全的），期间进行过的其他删除也请再执行一次',
  'cli.privacy.erasedUser':
    '已清除 Slack 用户 {user}：修改了 {total, number} 份文档{owned, plural, =0 {} other {；记有其为客户负责人（当时不是本工作区成员）的 {owned, number} 张工单中，其用户 ID 现为 [erased]}}{ownedTasks, plural, =0 {} other {；记有其为客户负责人（当时不是本工作区成员）的 {ownedTasks, number} 项任务中，其用户 ID 现为 [erased]}}{ownerChanges, plural, =0 {} other {；记有其为客户负责人（变更前或变更后）的 {ownerChanges, number} 条变更记录中，其用户 ID 现为 [erased]}}；待更新的工单卡片（及列出它们的应用主页，由运行中的应用更新）：{cards, number}',
  'cli.privacy.wouldResumeUser':
    '有 {count, number} 张工单正在等待其回复（“等待客户”）：删除时将由服务台恢复处理，因为已无人可以回复；其 SLA 计时恢复',
  'cli.privacy.resumedUser':
    '有 {count, number} 张等待其回复的工单已由服务台恢复处理（其 SLA 计时恢复）；其处理人及工单消息串由运行中的应用通知',
  'cli.privacy.resumedEarlier':
    '有 {count, number} 张工单由本删除此前一次中断的运行恢复处理：现在补发其恢复通知（其处理人及工单消息串，由运行中的应用发送）',
  'cli.privacy.resumesUntold':
    '有 {count, number} 张工单的恢复处理尚未通知其处理人及工单消息串（写入失败）：运行中的应用将在几分钟内补发通知，无需再次运行',
  'cli.privacy.resumesOwed':
    '有 {count, number} 张等待其回复的工单已由服务台恢复处理，但尚未通知其处理人及工单消息串：本次删除完成后即通知他们，可再次运行本次删除来完成；若无人再次运行，运行中的应用会在没有其他删除进行时自行完成',
  'cli.report.usage':
    '用法：npm run report -- --team T0123ABCD --period 2026-10 [--kind month] [--out october.csv] [--rebuild]\n  （--period：月份如 2026-10，季度如 2026-Q3，周如 2026-W44；--kind 为 month、quarter 或 week，\n  省略时按期间判断；未指定 --out 时 CSV 输出到终端）',
  'cli.report.periodFormat': '应为期间，如 2026-10、2026-Q3 或 2026-W44',
  'cli.report.wrongKind':
    '该期间不属于此类型（2026-10 是月，2026-Q3 是季度，2026-W44 是周）；省略 --kind 即按期间判断',
  'cli.report.invalidPeriod': '{period}不是有效的期间',
  'cli.report.beforeDesk':
    '{period}在服务台开始服务本工作区（{since}）之前已结束，没有它的报告；{ended, select, yes {最早的是{first}：--period {first}} other {最早的是{first}，要等它结束后才能导出}}',
  'cli.report.notEnded': '{period}尚未结束；最近一个完整周期是{last}：--period {last}',
  'cli.report.written':
    '{period} {kind, select, week {周报} month {月报} other {季报}}的 {count, number} 项数据已写入文件：{file}',
};

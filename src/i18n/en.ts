/**
 * English messages. Every user-facing string lives here and in zh-CN.ts; `{name}` marks a
 * parameter. The zh-CN catalogue is type-checked to have exactly these keys.
 */
export const en = {
  'help.ticket.title': '*/ticket*: service tickets',
  'help.task.title': '*/task*: follow-up and care tasks',
  'help.customer.title': '*/customer*: customer files',
  'help.arg.text': 'text',
  'help.arg.title': 'title',
  'help.arg.group': 'group',
  'help.arg.customer': 'customer',
  'help.arg.contact': 'contact',
  'help.arg.period': 'period',
  'help.sub.help': 'Show this help',
  'help.adminsOnly': '_(admins only: ask {admins})_',
  'help.adminsOnlyNone': '_(admins only)_',
  'help.adminsOnlyMore':
    '_(admins only: ask {admins} or one of {count, plural, one {# more admin} other {# more admins}})_',
  'help.footer': 'Replies like this one are only visible to you.',
  'help.guestElsewhere':
    '`{command}` is for the desk’s staff. `{help}` lists what you can do here: ask for help and follow your tickets.',
  'help.dm.intro':
    'I do not read messages here: reminders and alerts arrive in this conversation, and you work with me through these commands, in any channel or here.',
  'command.tooLong':
    '`{command}` reads at most {max, number} characters, and this one is longer, so nothing was done. Please shorten it, or use the form (`{command} help` lists them).',
  'command.extraWords': 'I do not read `{extra}` there, so nothing was done. Usage:',
  'command.unknown': '`{command} {sub}` is not a command I know. Try one of: {valid}.',
  'customer.unknownFindHint':
    'To look a customer up by name, contact or tag: `/customer find {text}`.',
  'error.internal':
    '{unchanged, select, yes {Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: `{ref}`.} other {Something went wrong on our side, and what you did may not have been saved: check before trying again. If it keeps happening, give your admin this reference: `{ref}`.}}',
  'error.unreadable':
    'Slack sent something this app could not read, so nothing was changed. Please try again (reference `{ref}`).',
  'error.dbUnavailable':
    '{unchanged, select, yes {The desk cannot reach its database right now, so nothing was changed. Please try again in a minute (reference `{ref}`).} other {The desk cannot reach its database right now, so what you did may not have been saved: check before trying again in a minute (reference `{ref}`).}}',
  'error.slackRefused':
    '{unchanged, select, yes {Slack refused the request ({detail}), so nothing was changed. Please try again (reference `{ref}`).} other {Slack refused the request ({detail}), so what you did may not have been saved: check before trying again (reference `{ref}`).}}',
  'home.title': 'Customer care desk',
  'home.introGuest':
    'Ask the service team for help and follow your tickets, without leaving Slack.',
  'home.intro':
    'Keep one file per customer, open service tickets, and follow up after every resolution, without leaving Slack.',
  'home.commands': '*Commands*',
  'home.triage': 'New tickets are posted in <#{channel}>: claim one there from its card.',
  'home.outbox.ok': 'Every Slack message the desk sent has been delivered.',
  'home.outbox.pending':
    '{count, plural, one {# Slack message is} other {# Slack messages are}} waiting to be delivered (retried automatically).',
  'home.outbox.edits':
    '{count, plural, one {# old post of the desk is} other {# old posts of the desk are}} being edited to take out anonymised words (retention or an erasure of personal data): routine, sent after every other message.',
  'home.outbox.dead':
    ':warning: *{count, plural, one {# Slack message} other {# Slack messages}} could not be delivered* after every retry. First reason: `{error}` (to {to}). Fix the cause (invite the app to the channel, set a channel), then send {count, plural, one {it} other {them}} again.',
  'home.outbox.deadFailing':
    ':warning: *{count, plural, one {# Slack message} other {# Slack messages}} could not be delivered* after every retry. First reason: `{error}` (to {to}): Slack was failing (an outage, or no answer in time), not the message, so there is nothing to fix here. Send {count, plural, one {it} other {them}} again once Slack answers.',
  'home.outbox.deadFailingToo':
    ':warning: {count, plural, one {# more Slack message} other {# more Slack messages}} could not be delivered because Slack itself was failing (an outage, or no answer in time), not the message. First reason: `{error}` (to {to}). Nothing to fix for {count, plural, one {it} other {them}}: the same button sends {count, plural, one {it} other {them}} again with the others once Slack answers.',
  'home.outbox.deadPerson':
    ':warning: *{count, plural, one {# Slack message} other {# Slack messages}} could not be delivered.* First reason: `{error}` (to {to}): Slack no longer delivers to this person (deactivated, removed, or a bot), so messages to them are given up at once. Hand their tickets and tasks to someone else; send {count, plural, one {it} other {them}} again only once they are back.',
  'home.outbox.editsDead':
    ':warning: {count, plural, one {# edit} other {# edits}} of the desk’s old posts (taking out the words retention or an erasure took from their tickets) could not be made: Slack refused {count, plural, one {it} other {them}}, first with `{error}` (in {to}). Until {count, plural, one {it is} other {they are}}, those posts still show those words. Fix the cause (invite the app to the channel, unarchive it), then send them again. Not counted among the messages that could not be delivered.',
  'home.outbox.resend': 'Send them again',
  'permission.denied.ticket': "You can't open tickets in this workspace.",
  'permission.denied.claim':
    'Only agents, experts and managers can claim tickets. An admin can give you a role with `/desk roles`.',
  'permission.denied.claimAsk':
    'Only agents, experts and managers can claim tickets: ask {admins} to give you a role in `/desk roles`.',
  'permission.denied.assigneeOrManager':
    'Only {assigned, select, yes {the assignee (<@{user}>)} other {the assignee}} or a manager can {action, select, reassign {reassign this ticket} escalate {escalate this ticket} wait {set this ticket waiting on the customer} resume {resume this ticket} resolve {resolve this ticket} close {close this ticket} merge {merge this ticket into another} followers {change the followers of this ticket} contact {record the contact with the customer} plan {give the plan and dates} classify {classify this ticket} seePersonal {see the contact details on this ticket} other {do that to this ticket}}.',
  'permission.denied.note':
    'Only the service team, the account manager and the requester can add notes to this ticket.',
  'permission.denied.respond':
    "Only the service team and the customer's account manager answer the requester for the desk.",
  'permission.denied.reopen':
    'Only the assignee, a manager, or the requester within {days, plural, one {# day} other {# days}} of the resolution can reopen this ticket.',
  'permission.denied.customerCreate':
    'Only agents, experts, account managers and managers can add customers. An admin can give you a role with `/desk roles`.',
  'permission.denied.customerCreateAsk':
    'Only agents, experts, account managers and managers can add customers: ask {admins} to give you a role in `/desk roles`.',
  'permission.denied.customerEdit':
    'Only the service team, the owner (<@{owner}>) and managers can change this customer.',
  'permission.denied.customerInteraction':
    'Only the service team, the owner (<@{owner}>) and managers can log interactions with this customer.',
  'permission.denied.taskPlan':
    'You can plan tasks only for a customer you own, and you own none. Agents, experts and managers plan tasks for any customer: an admin can give you a role with `/desk roles`.',
  'permission.denied.taskPlanAsk':
    'You can plan tasks only for a customer you own, and you own none. Agents, experts and managers plan tasks for any customer: ask {admins} to give you a role in `/desk roles`.',
  'permission.denied.customerTask':
    'Only the service team, the owner (<@{owner}>) and managers can plan tasks for this customer.',
  'permission.denied.customerOrder':
    'Only the owner (<@{owner}>) and managers can record orders for this customer.',
  'permission.denied.customerCommercial':
    'Only the owner (<@{owner}>) or a manager can change this.',
  'permission.denied.admin':
    'Only an admin of the desk can {action, select, settings {see or change the desk settings} roles {see or change the roles} channels {manage customer channels} refusedChannel {dismiss a channel Slack refuses the desk in} privacy {handle data-subject requests and read the privacy log} other {do that}}.',
  'permission.denied.adminAsk':
    'Only an admin of the desk can {action, select, settings {see or change the desk settings} roles {see or change the roles} channels {manage customer channels} refusedChannel {dismiss a channel Slack refuses the desk in} privacy {handle data-subject requests and read the privacy log} other {do that}}: ask {admins}.',
  'permission.denied.noAdmin':
    "This desk has no admin yet, so nobody can change its settings or roles. Whoever runs the desk's server makes you one: `npm run admins -- --team {team} --add {user}` (or list your id in `ADMIN_USER_IDS` before a workspace first uses the desk).",
  'permission.denied.roleNoAdmin':
    "Only {refused, select, claim {agents, experts and managers can claim tickets} customerCreate {agents, experts, account managers and managers can add customers} taskPlan {agents, experts, managers and a customer's account manager can plan tasks} report {managers and admins of the desk can read reports} handover {managers and admins of the desk can hand a person’s work over} other {people with a desk role can do that}}. This desk has no admin yet to give you a role: whoever runs the desk's server makes you its admin with `npm run admins -- --team {team} --add {user}` (or lists your id in `ADMIN_USER_IDS` before a workspace first uses the desk), then you give yourself a role in `/desk roles`.",
  'permission.denied.guest':
    "You're a guest in this workspace, and guests don't work the desk: adding or changing customers, claiming or working tickets, logging interactions and planning tasks are for the workspace's members. You can still open tickets and follow your own.",
  'permission.denied.guestUnknown':
    "Slack didn't say in time whether you're a member or a guest of this workspace, so nothing was changed. Try again in a moment.",
  'permission.denied.guestUnchecked':
    "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role can change things here. Ask an admin of the desk to give you a role in `/desk roles`, or to have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.",
  'permission.denied.guestUncheckedAsk':
    "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role can change things here. Ask {admins} to give you a role in `/desk roles`, or to have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.",
  'permission.denied.guestUncheckedNoAdmin':
    "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role can change things here. This desk has no admin yet to give you a role: whoever runs the desk's server makes you its admin with `npm run admins -- --team {team} --add {user}` (or lists your id in `ADMIN_USER_IDS` before a workspace first uses the desk), then you give yourself a role in `/desk roles`. Or have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.",
  'permission.denied.guestRead':
    "You're a guest in this workspace, and guests read only their own tickets: the desk's lists, its customers and other people's tickets are for the workspace's members. Your own tickets are in `/ticket requests`.",
  'permission.denied.guestReadUnknown':
    "Slack didn't say in time whether you're a member or a guest of this workspace, so the desk shows you only your own tickets for now (`/ticket requests`). Try again in a moment.",
  'permission.denied.guestReadUnchecked':
    "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role read its lists and customers; your own tickets are in `/ticket requests`. Ask an admin of the desk to give you a role in `/desk roles`, or to have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.",
  'permission.denied.guestReadUncheckedAsk':
    "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role read its lists and customers; your own tickets are in `/ticket requests`. Ask {admins} to give you a role in `/desk roles`, or to have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.",
  'permission.denied.guestReadUncheckedNoAdmin':
    "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role read its lists and customers; your own tickets are in `/ticket requests`. This desk has no admin yet to give you a role: whoever runs the desk's server makes you its admin with `npm run admins -- --team {team} --add {user}` (or lists your id in `ADMIN_USER_IDS` before a workspace first uses the desk), then you give yourself a role in `/desk roles`. Or have the app installed again with `users:read` (its manifest asks for it): from the desk's install page where workspaces install it there, or, where the desk runs on one bot token, from the app's settings in Slack (Install App, Reinstall to Workspace), putting the new token in `SLACK_BOT_TOKEN` if Slack gives one.",
  'permission.denied.externalRead':
    "The desk's lists, its customers' records and other people's tickets are for the service team: you hear about your tickets in their conversation.",
  'permission.target.notStaff':
    'This person does not work tickets here. Pick an agent, an expert or a manager (an admin can add roles with /desk roles).',
  // Reassign to whom holds the ticket already (revtickets F5, wave p33). Plain text (an inline
  // error): no mention.
  'ticket.reassign.error.hasItAlready':
    'This person has {number} already: pick someone else to hand it to.',
  'permission.target.unfit':
    "{reason, select, bot {{name} is a bot} deactivated {The account of {name} is deactivated} external {{name} is of another organisation (Slack Connect), and only this workspace's people work its tickets} other {{name} is a guest in this workspace, and guests don't work tickets}}: pick a member of the workspace.",
  'permission.target.unknown':
    "Slack didn't say in time whether this person is a member or a guest of this workspace, so nothing was changed. Try again in a moment.",
  'permission.target.unchecked':
    "This desk can't ask Slack whether this person is a member or a guest of this workspace (the app was installed without the `users:read` permission), so tickets go only to people with a desk role. Pick one, or ask an admin to give this person a role in `/desk roles`.",
  'permission.target.notExpert':
    'This person is not an expert (L2). Pick one of the experts, or leave it empty to let the desk pick.',
  'ticket.hint.expertAuto':
    'Leave empty: the desk picks the expert whose skills fit the ticket, else the one with the fewest open tickets.',
  'ticket.dm.assigned':
    '{severity} ticket {number} for {customer} is yours now (L{level}), from <@{by}>: {title}',
  'ticket.dm.resumedToAssignee':
    '{number} for {customer} (“{title}”) is back in progress: {who, select, requester {<@{by}> replied in its conversation} colleague {<@{by}> (customer side) replied in its conversation} other {<@{by}> resumed it}}. It no longer waits on the customer; the SLA clock runs again.',
  'ticket.dm.resumedAtErasure':
    '{number} for {customer} (“{title}”) is back in progress: the desk resumed it because its requester’s personal data was erased, so nobody is left to answer. It no longer waits on the customer; the SLA clock runs again.',
  'ticket.dm.reopenedToAssignee':
    '{number} for {customer} (“{title}”) is reopened and back with you: {who, select, requester {<@{by}> says it is not solved} colleague {<@{by}> (customer side) wrote again in its conversation} other {<@{by}> reopened it}}.',
  // The requester's DM with the app added to their ticket (F2, wave p33).
  'ticket.dm.wroteToAssignee':
    '{number} for {customer} (“{title}”): <@{by}> wrote to us by direct message, added to the ticket: {text}',
  'ticket.dm.keptNote':
    '{number} for {customer} (“{title}”) is {status, select, closed {closed} other {resolved}}, and {count, plural, one {{named, select, no {someone whom Slack never described (a colleague or a guest), whose personal data was erased since,} other {<@{by}>, whom Slack never described (a colleague or a guest),}} wrote in its customer thread: their words were kept on it as a note, which reopened nothing. Read it on the ticket.} other {# replies came in its customer thread from people whom Slack never described (colleagues or guests){named, select, no {} other {, the first by <@{by}>}}, within minutes: their words were kept on it as notes, which reopened nothing. Read them on the ticket.}}',
  'ticket.dm.keptNoteSince':
    'Since they wrote, {who, select, requester {<@{by}> said it was not solved and reopened it} colleague {<@{by}> (customer side) wrote again in its conversation, which reopened it} revisit {its revisit call found the issue not solved and the desk reopened it} desk {the desk reopened it} other {<@{by}> reopened it}}, and {merged, select, yes {it was merged into {into}} other {{resolver, select, desk {it was resolved again} other {<@{resolver}> resolved it again}}{closed, select, yes { and it was closed} other {}}}}: it is not open now and its SLA clocks are stopped.',
  'ticket.dm.reopenedForRevisit':
    '{number} for {customer} (“{title}”) is reopened and back with you: its revisit call found the issue not solved, and the desk reopened it.',
  'ticket.dm.upgradeHanded':
    'You resolved {number} for {customer}: its upgrade intent is handed to <@{assignee}>, a task due {date}.',
  'ticket.dm.upgradeUpdated':
    'You resolved {number} for {customer}: its upgrade intent is updated on the file; <@{assignee}> already has its task, due {date}.',
  'ticket.dm.handedAway':
    ':arrow_right: <@{by}> {action, select, escalate {escalated your ticket {number} for {customer} (“{title}”) to L{level}: <@{to}> has it now, and it is no longer yours} other {handed your ticket {number} for {customer} (“{title}”) over to <@{to}>: it is no longer yours}}. Hand over what you know in its thread.',
  'ticket.dm.assignedReason': 'Reason: {text}',
  'ticket.dm.responseDue':
    '{late, select, yes {First response overdue since {due}} other {First response due {due}}}',
  'ticket.dm.replyDue':
    '{late, select, yes {Reply to the customer overdue since {due}} other {Reply to the customer due {due}}}',
  'ticket.dm.resolutionDue':
    '{late, select, yes {Resolution overdue since {due}} other {Resolution due {due}}}',
  'ticket.dm.duePaused': 'Its SLA clocks are paused while it waits on the customer.',
  'ticket.dm.replyPaused':
    '{who, select, requester {Its requester <@{by}> said it was not solved and reopened it} revisit {Its revisit call found it not solved and the desk reopened it} desk {The desk reopened it} staff {<@{by}> reopened it} someone {It was reopened} other {The customer wrote again}}, reply owed: {clock}',
  'help.desk.title': '*/desk*: run the desk (admins and managers)',
  'help.desk.roles': 'Who is an admin, manager, agent, expert (with skills) or account manager',
  'roles.title': 'Roles',
  'roles.intro':
    'Who does what on the desk. Admins change settings and roles; managers see the team queue and may act on any ticket; agents (L1) and experts (L2) claim and work tickets; account managers add and own customers.',
  'roles.field.admins': 'Admins',
  'roles.hint.admins': 'They change settings and roles. At least one.',
  'roles.field.managers': 'Managers',
  'roles.hint.managers': 'They see the team queue, reassign and close any ticket, override tiers.',
  'roles.field.agents': 'Agents (L1)',
  'roles.hint.agents': 'They claim and work tickets.',
  'roles.field.open_desk': 'Open desk',
  'roles.openDesk': 'Everyone in the workspace may work tickets as an agent',
  'roles.field.account_managers': 'Account managers',
  'roles.hint.account_managers':
    "They add customers and own them; a customer's owner is its account manager (L3).",
  'roles.field.experts': 'Experts (L2)',
  'roles.hint.experts':
    'Escalations go to the expert whose skills fit the ticket, else to the one with the fewest open tickets. Each expert gets a skills field below.',
  'roles.field.skills': 'Skills or product lines',
  'roles.hint.skills':
    "Comma separated: a ticket type (complaint, after-sales...) or words of a ticket's title, e.g. billing, ERP, printers.",
  'roles.error.users': 'Pick people from the list.',
  'roles.error.unfit':
    '{bots, select, none {} other {Bots cannot hold a desk role: {bots}. }}{deactivated, select, none {} other {Deactivated accounts cannot: {deactivated}. }}{guests, select, none {} other {Guests cannot (their account is limited to some channels, a role shows every customer): {guests}. }}{external, select, none {} other {People of another organisation cannot (Slack Connect: a role shows the tickets of every customer): {external}. }}Remove them from this list.',
  'roles.error.linksChangedMeanwhile':
    'Someone else changed whom the manager {named, select, yes {{user}} other {with member ID {user}}} manages since you opened the form: close it and open it again to see their change, then make yours.',
  'roles.error.skillsChangedMeanwhile':
    'Someone else changed the skills of the expert {named, select, yes {{user}} other {with member ID {user}}} since you opened the form: close it and open it again to see their change, then make yours.',
  'roles.error.removedMeanwhile':
    'Someone else took this person off the list since you opened the form: close it and open it again to see their change, then make yours.',
  'roles.error.noAdmin': 'Keep at least one admin, or nobody could change the roles again.',
  'roles.error.noAdminMeanwhile':
    'Someone else changed the admins since you opened the form: with their change and yours, no admin would be left, and nobody could change the roles again. Close it and open it again to see their change, then make yours.',
  'roles.error.skillsMeanwhile':
    'Someone else changed these skills since you opened the form: with their change and yours, there would be {count} skills, at most {max}. Close it and open it again to see their change, then make yours.',
  'roles.error.standInMeanwhile':
    'Someone else changed {list, select, admins {the admins} other {the managers}} since you opened the form: with their change and yours, {named, select, yes {{user}} other {the person with member ID {user}}} would stand in for guest owners (the first manager does, or the first admin when there is no manager), whom neither of you put there. Close it and open it again to see their change, then make yours.',
  'roles.error.skills': 'At most {max} skills, each at most {length} characters.',
  'roles.saved':
    'Roles saved: {admins, plural, one {# admin} other {# admins}}, {managers, plural, one {# manager} other {# managers}}, {agents, plural, one {# agent} other {# agents}}, {experts, plural, one {# expert} other {# experts}}, {accountManagers, plural, one {# account manager} other {# account managers}}. {desk}',
  'roles.stranded':
    ':warning: <@{user}> no longer works tickets but still holds {count, plural, one {# open ticket} other {# open tickets}}: {tickets}. Reassign them from their cards, or give them a role again.',
  'roles.stranded.more': 'and {count, number} more',
  'roles.saved.open': 'Everyone may work tickets.',
  'roles.saved.closed': 'Only agents, experts and managers work tickets.',
  'settings.field.admins': 'Admins',
  'settings.field.managers': 'Managers',
  'settings.field.agents': 'Agents (L1)',
  'settings.field.account_managers': 'Account managers',
  'settings.field.experts': 'Experts (L2) and skills',
  'settings.field.open_desk': 'Open desk',
  'outbox.forbidden': 'Only a manager or an admin can see or resend undelivered messages.',
  'outbox.resendForbidden':
    'Only a manager or an admin can send undelivered messages again: ask one of them to press *Send them again* on their App Home.',
  'outbox.resendForbiddenAsk':
    'Only a manager or an admin can send undelivered messages again: ask {people} to press *Send them again* on their App Home.',
  'outbox.channelRefused':
    ':warning: Slack refused the desk in {channel} at {at}: `{error}`. {fix, select, invite {The app is not in the channel: invite it there (`/invite` the app in the channel)} unarchive {The channel is archived: unarchive it} other {The channel is gone, or private without the app: invite the app there}}, or choose another channel in `/desk settings`. Until then the desk holds the messages it owes that channel and tries each again, further apart each time, until Slack has refused it {tries, number} times (two hours or more); what is still not taken then waits on App Home (messages that could not be delivered), for *Send them again* once the channel is fixed. No message is lost.',
  'outbox.editsRefused':
    ':warning: Slack refused the desk in {channel} at {at}: `{error}`. {fix, select, invite {The app is not in the channel: invite it there (`/invite` the app in the channel)} unarchive {The channel is archived: unarchive it} other {The channel is gone, or private without the app: invite the app there}}. The desk’s edits of its old posts there, which take out the words that retention or an erasure took from their tickets, are not tried again: they are given up at once and wait on App Home (edits that could not be made), for *Send them again* once the channel is fixed. Until then those posts still show those words.',
  'outbox.channelLeftRefused':
    ':warning: Slack refused the desk in {channel} at {at}: `{error}`. The customer’s organisation left this Slack Connect channel (disconnected), so nobody of theirs reads it any more: the desk does not try there again and drops what it owed that channel; the agents of its open tickets are told to reach the customer another way. Inviting the app changes nothing: share the channel with their organisation again to resume.',
  'outbox.channelRefusedShared':
    'It is a customer’s Slack Connect channel: if their organisation disconnected it, inviting the app changes nothing. Nobody of theirs reads it any more: reach them another way, and share the channel with them again to resume.',
  'outbox.refusedEditsToo':
    'The desk’s edits of its old posts there, which take out the words that retention or an erasure took from their tickets, are not tried again: {gone, select, yes {they are given up for good, and those posts still show those words, should the channel still be there (edit or delete them in Slack)} other {they are given up at once and wait on App Home (edits that could not be made), for *Send them again* once the channel is fixed}}.',
  'outbox.refusedMessagesToo':
    'The messages the desk owes that channel are held and each tried again, further apart each time, until Slack has refused it {tries, number} times (two hours or more); what is still not taken then waits on App Home (messages that could not be delivered), for *Send them again*.',
  'outbox.editsDropped':
    ':warning: Slack does not find {channel} (`{error}`, at {at}): the desk’s edits of its old posts there, which take out the words that retention or an erasure took from their tickets, are given up for good and cannot be sent again. If the channel is still there (private, the app removed from it), those posts still show those words: edit or delete them in Slack.',
  // Mainland China's zone by the name its readers use (src/ui/format.ts zoneName).
  'zone.china': 'Asia/Shanghai',
  'home.footer': 'Workspace time zone: {timeZone} · language: {locale}',
  'help.customer.new': 'Create a customer file',
  'help.customer.find': 'Find customers by name, code, contact or tag',
  'help.customer.show': "Show a customer's card",
  'list.more': '…and {count, number} more. Narrow the search to see them.',
  'modal.save': 'Save',
  'modal.cancel': 'Cancel',
  'modal.close': 'Close',
  'modal.loading': 'Loading…',
  'modal.error.title': 'Not done',
  'modal.saving': 'Saving…',
  'modal.savingLine':
    'Saving… this takes a moment. The modal will say when it is done. If it still says this after a minute, press Saving… again: nothing is saved twice.',
  'modal.saved': 'Saved. You can close this window.',
  'modal.savedAs': '{what} You can close this window.',
  'modal.refused': ':warning: Not saved:\n{problems}',
  'modal.back': 'Back',
  'modal.savingOver':
    'Saving… this takes a moment. This window will say when it is done. If it still says this after a minute, press Back and submit again: what you typed is there, and nothing is saved twice.',
  'modal.refusedOver':
    ':warning: Not saved:\n{problems}\nPress Back to correct it: what you typed is still there.',
  'form.error.required': 'Required.',
  'phone.extension': '{number} ext. {ext}',
  'form.error.phone':
    'Enter a phone number: a Chinese mobile (138 1234 5678), a landline with its area code (010-1234 5678, 0571 8888 1234), or + and the country code (+1 415 555 0123); an extension goes after it (010-1234 5678-123, 转123 or ext. 123).',
  'form.error.masked':
    'Part of this is still hidden (***): type the whole value again, or leave it exactly as shown to keep it.',
  'form.error.email': 'Enter an email address such as name@example.com.',
  'form.error.date': 'Enter a date as YYYY-MM-DD.',
  'form.error.futureDate': 'This date is in the future.',
  'ticket.error.receivedTooOld':
    'This date is more than {days} days ago: a ticket is filed within a year of the request. Check the year.',
  'form.error.pastDate': 'This date is in the past.',
  'form.error.amount': 'Enter an amount in yuan, e.g. 1200000 or 120万.',
  'form.error.amountFen': 'Enter the amount to the fen: at most two decimals of yuan.',
  'form.error.amountNegative': 'Enter an amount of zero or more, without a minus sign.',
  'form.error.choice': 'Choose one of: {choices}.',
  'form.error.tooLong': 'At most {max} characters.',
  'form.error.tagTooLong': 'A tag has at most {max} characters.',
  'form.error.tooManyTags': 'At most {max} tags.',
  'form.error.birthday': 'Enter a birthday as MM-DD, e.g. 03-18.',
  'form.error.yesNo': 'Answer yes or no.',
  'form.error.user': 'Enter a Slack user id such as U0123456789.',
  'customer.field.code': 'Code',
  'customer.field.name': 'Customer name',
  'customer.field.industry': 'Industry',
  'customer.field.source': 'Source',
  'customer.field.firstContact': 'First contact date',
  'customer.field.owner': 'Owner',
  'customer.field.companySize': 'Company size',
  'customer.field.region': 'Region',
  'customer.field.address': 'Address',
  'customer.field.annualRevenue': 'Annual purchases ({currency})',
  'customer.field.contactName': 'Contact name',
  'customer.field.contactTitle': 'Contact title',
  'customer.field.contactPhone': 'Contact phone',
  'customer.field.contactEmail': 'Contact email',
  'customer.field.tags': 'Tags',
  'customer.field.potential': 'Potential',
  'customer.field.lifecycle': 'Lifecycle',
  'customer.field.contractEnd': 'Contract end date',
  'customer.field.cooperationStart': 'Cooperation start date',
  'customer.field.projectUntil': 'Project running until',
  'customer.field.computedTier': 'Computed tier',
  'customer.field.openTickets': 'Open tickets',
  'customer.card.recentInteractions': 'Recent interactions',
  'customer.field.contactIm': 'IM handle',
  'customer.field.contactBirthday': 'Birthday (MM-DD)',
  'customer.field.contactChannel': 'Preferred channel',
  'customer.field.contactOptOuts': 'Opt-outs',
  'customer.field.needsStated': 'Stated needs',
  'customer.field.needsImplicit': 'Implicit needs',
  'customer.field.needsProducts': 'Product preferences',
  'customer.field.needsBudget': 'Budget ({currency})',
  'customer.field.needsCycle': 'Purchase cycle',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.listSeparator': ', ',
  /** Between two sentences of one message: a space in English, nothing after a Chinese full stop. */
  'common.sentenceSeparator': ' ',
  /**
   * In the place of a mention (`<@{user}>`) of someone whose id an erasure replaced with
   * `[erased]` (src/i18n/index.ts `erasedMentions`): as the erased writer of a kept reply is said.
   */
  'common.erasedPerson': 'someone whose personal data was erased',
  /** The same where it starts the message or a sentence (after `. `, `: ` or a line break). */
  'common.erasedPersonStart': 'Someone whose personal data was erased',
  'customer.field.tier': 'Tier',
  'customer.field.tierOverride': 'Tier override',
  'customer.field.tierOverrideReason': 'Reason for the override',
  'customer.field.lastInteraction': 'Last interaction',
  'customer.field.contacts': 'Contacts',
  'customer.field.competitorContact': 'Competitor contact',
  'customer.field.upgradeIntent': 'Upgrade intent',
  'customer.field.valueClass': 'Value class',
  'customer.field.churnReason': 'Churn reason',
  'tier.strategic': 'Strategic',
  'tier.key': 'Key',
  'tier.normal': 'Normal',
  'lifecycle.prospect': 'Prospect',
  'lifecycle.active': 'Active',
  'lifecycle.churn_warning': 'Churn warning',
  'lifecycle.churned': 'Churned',
  'lifecycle.new': 'New',
  'lifecycle.growing': 'Growing',
  'lifecycle.stable': 'Stable',
  'valueClass.vip': 'VIP',
  'valueClass.high_value': 'High-value',
  'valueClass.ordinary': 'Ordinary',
  'valueClass.potential': 'Potential',
  'churnReason.price': 'Price',
  'churnReason.quality': 'Product quality',
  'churnReason.service': 'Service',
  'churnReason.competitor': 'Went to a competitor',
  'churnReason.no_demand': 'No more demand',
  'churnReason.business_change': 'Their business changed',
  'churnReason.other': 'Other',
  'potential.key': 'Key potential',
  'potential.ordinary': 'Ordinary',
  'source.online_expo': 'Online expo',
  'source.exhibition': 'Exhibition',
  'source.referral': 'Referral',
  'source.telemarketing': 'Telemarketing',
  'source.cold_visit': 'Cold visit',
  'source.website': 'Website',
  'source.inbound': 'Inbound enquiry',
  'source.other': 'Other',
  'size.1-49': '1-49 people',
  'size.50-199': '50-199 people',
  'size.200-999': '200-999 people',
  'size.1000+': '1000+ people',
  'interaction.call': 'Call',
  'interaction.visit': 'Visit',
  'interaction.email': 'Email',
  'interaction.meeting': 'Meeting',
  'interaction.message': 'Message',
  'customer.error.duplicateName': 'A customer with this name already exists: {code}.',
  'customer.error.ownerUnfit':
    '{reason, select, bot {{name} is a bot} external {{name} is of another organisation (Slack Connect)} other {{name} has a deactivated Slack account}}: pick a person to own this customer.',
  'customer.error.contactChanged':
    'The contacts changed since this form opened (the primary contact was removed or replaced): close it and open Edit again, or change the contact in Contacts.',
  'customer.error.contactNameNeeded': 'Give the contact a name too.',
  'customer.error.contactTitle':
    "Give the contact's title (job title): it is required with a contact name.",
  'customer.error.overrideReason': 'Say why the tier is overridden.',
  'customer.error.overrideForbidden': 'Only managers and admins can override a tier.',
  'customer.error.revenueFromOrders':
    'This customer has orders: annual purchases are computed from the last 12 months of orders.',
  'customer.nameCode': '{name} ({code})',
  'customer.error.notFound': 'No customer has the code {code}. Try `/customer find {code}`.',
  'customer.error.changedMeanwhile': 'Others changed {code} at the same moment; please try again.',
  'customer.error.accessChangedSinceOpen':
    'Who may see this customer’s phones and emails changed since you opened Edit, and you no longer may: close it and open Edit again to change this text.',
  'customer.error.editForbidden':
    'Only the owner (<@{owner}>), a manager or an admin can change this customer.',
  'customer.error.findNeedsText':
    'Say what to look for: `/customer find &lt;name, code, contact or tag&gt;`.',
  'customer.error.findTooLong':
    'Too long to look for: `/customer find` takes at most {max, number} characters, so nothing was looked for. Type part of the name, code, contact or tag.',
  'customer.modal.newTitle': 'New customer',
  'customer.modal.editTitle': 'Edit customer',
  'customer.modal.projectUntilHint':
    "While the customer's project runs, its owner gets a task every week to send the progress note, due on Wednesday.",
  'customer.modal.revenueHint':
    'Sets the tier until orders are recorded; from then on it is the sum of the last 12 months of orders.',
  'customer.modal.hiddenDate':
    'Hidden from you: left empty, the date on file stays; a date picked here replaces it.',
  'customer.modal.revenueFromOrders': 'Computed from the last 12 months of orders.',
  'customer.section.basics': 'Basics',
  'customer.section.owner': 'Owner and source',
  'customer.section.company': 'Company',
  'customer.section.contact': 'Primary contact',
  'customer.section.commercial': 'Commercial',
  'customer.section.needs': 'Needs',
  'customer.section.override': 'Tier override (managers and admins)',
  'customer.modal.tagsHint':
    'Separate tags with commas: industry, value (high-value, potential), needs (price-sensitive), lifecycle, or your own.',
  'customer.modal.currentTags': 'Now: {tags}',
  'customer.placeholder.name': 'e.g. Shanghai Huadong Machinery Co., Ltd.',
  'customer.placeholder.industry': 'e.g. Industrial equipment',
  'customer.placeholder.region': 'e.g. East China, Shanghai',
  'customer.placeholder.tags': 'e.g. high-value, price-sensitive',
  'customer.placeholder.amount': 'e.g. 1,200,000 or 120万',
  'customer.placeholder.contactName': 'e.g. Zhang Wei',
  'customer.placeholder.contactTitle': 'e.g. Purchasing manager',
  'customer.placeholder.contactPhone': 'e.g. 138 0013 8000 or 021-6234 5678',
  'customer.placeholder.contactEmail': 'e.g. zhang.wei@example.com',
  'customer.placeholder.contactIm': 'e.g. WeChat ID zhangwei_sh',
  'customer.placeholder.contactBirthday': 'e.g. 03-15',
  'customer.placeholder.contactChannel': 'e.g. WeChat, then phone',
  'customer.placeholder.contactOptOuts': 'e.g. holiday greetings, care calls',
  'customer.placeholder.needsStated': 'e.g. Delivery within 2 weeks, installation on site',
  'customer.placeholder.needsImplicit': 'e.g. Wants lower maintenance costs',
  'customer.placeholder.needsProducts': 'e.g. Stainless steel valves, DN50-DN200',
  'customer.placeholder.needsCycle': 'e.g. Quarterly, each March',
  'customer.placeholder.overrideReason': 'e.g. Group strategic partner',
  'customer.modal.createSubmit': 'Add customer',
  'form.placeholder.choose': 'Choose one',
  'form.placeholder.date': 'Pick a date',
  'customer.created': 'Created customer *{name}* ({code}).',
  'customer.savedAs': 'Saved as customer *{name}* ({code}).',
  'customer.updated':
    'Saved {count, plural, one {# change} other {# changes}} to *{name}* ({code}).',
  'customer.unchanged': 'Nothing changed for *{name}* ({code}).',
  'customer.card.tierOverridden': '{tier} (overridden from {computed}: {reason})',
  'customer.card.noContacts': 'No contacts yet.',
  'customer.contact.prefers': 'prefers {channel}',
  'customer.contact.optOuts': 'opted out of {list}',
  'customer.card.never': 'never',
  'customer.card.competitor': 'Competitor contact recorded',
  'customer.card.lowRisk': 'Low churn risk (as of {date})',
  'customer.card.lowRiskHeld':
    'Not low churn risk because of complaint {number} (open, or critical in the last 30 days), as of {when}',
  'customer.card.upgradeIntent':
    ':arrow_up: Upgrade intent: “{what}”, heard by <@{by}> {when}; handed to sales.',
  'customer.button.edit': 'Edit',
  'customer.button.logInteraction': 'Log interaction',
  'customer.button.recordOrder': 'Record order',
  'customer.button.recordDelivery': 'Record delivery',
  'customer.button.history': 'History',
  'customer.button.open': 'Open',
  'customer.find.header':
    '{total, plural, one {# customer matches} other {# customers match}} “{text}”',
  'customer.find.none':
    'No customer matches “{text}”. Try part of the name or code, or add the customer with `/customer new`.',
  // To one who may not add customers (`customer.create`): no command that would refuse them.
  'customer.find.noneCannotCreate': 'No customer matches “{text}”. Try part of the name or code.',
  'customer.history.header': 'Latest changes to *{name}* ({code})',
  'customer.history.line': '{when} · {by} · {field}: {old} → {new} · {source}',
  'customer.history.created': '{when} · {by} · created · {source}',
  'customer.history.desk': 'the desk',
  'customer.history.field.annualRevenue': 'Annual purchases',
  'customer.history.field.needsBudget': 'Budget',
  'customer.history.none': 'No changes recorded yet.',
  'customer.history.more':
    'Showing the latest {shown, number}; {count, plural, one {# earlier change is} other {# earlier changes are}} not shown here.',
  'customer.history.empty': '(empty)',
  'customer.history.override': '{tier}: {reason}',
  'change.source.slack': 'Slack',
  'change.source.import': 'import',
  'change.source.job': 'automatic',
  'interaction.modal.title': 'Log interaction',
  'interaction.modal.submit': 'Log interaction',
  'interaction.field.type': 'Type',
  'interaction.field.date': 'Date',
  'interaction.field.summary': 'Summary',
  'interaction.field.feedback': 'Customer feedback',
  'interaction.field.nextStep': 'Next step',
  'interaction.field.nextStepDate': 'Next step by',
  'interaction.hint.nextStepDate':
    'With a date, the next step becomes a task for you, due that day (or the next working day).',
  'customer.card.nextStepBy': '{step} ({date})',
  'interaction.field.nextStepApprover': 'Next step signed off by',
  'interaction.hint.nextStepApprover':
    'Optional: who signs the next step’s task off (not you); told by DM. Needs a date.',
  'interaction.error.approverNeedsDate':
    'Pick a date: only a next step with a date becomes a task someone signs off.',
  'interaction.error.approverIsYou':
    'Pick someone other than you: the next step is your task, and nobody signs off their own task.',
  'interaction.nextStepPlanned': 'Next step: a task for you, due {date}.',
  'interaction.nextStepPlannedApprover':
    'Next step: a task for you, due {date}, signed off by <@{approver}>.',
  'interaction.field.upgradeIntent': 'Upgrade intent',
  'interaction.upgradeIntentOption':
    'The customer wants more: seats, a bigger plan, a new product line',
  'interaction.field.upgradeWhat': 'What they want',
  'interaction.hint.upgradeWhat':
    'With Upgrade intent ticked: handed to the customer’s account manager as a task, told by DM.',
  'interaction.error.upgradeWhatNeeded': 'Say what they want: the account manager acts on it.',
  'interaction.error.upgradeNotTicked':
    'Tick Upgrade intent to hand this to the account manager, or clear “What they want”.',
  'interaction.upgradeHanded': 'Upgrade intent handed to <@{assignee}>: a task due {date}.',
  'interaction.upgradeUpdated':
    'Upgrade intent updated on the file: <@{assignee}> already has its task, due {date}.',
  'interaction.keptFirst':
    'This form was already logged: the first submission is kept, and the changes made before sending it again were not saved. Log a new interaction for them.',
  'interaction.loggedLate':
    'It was logged {days, number} days after it happened: the manuals ask within 24 h, so it counts as logged late in the reports.',
  'interaction.logged':
    'Logged {type, select, call {a call} visit {a visit} email {an email} meeting {a meeting} message {a message} other {an interaction}} with *{name}* ({code}).',
  'order.modal.title': 'Record order',
  'order.modal.submit': 'Record order',
  'order.field.date': 'Order date',
  'order.field.amount': 'Amount ({currency})',
  'order.field.note': 'Note',
  'order.field.number': 'Order number',
  'order.field.delivered': 'Delivered on',
  'order.hint.delivered':
    "When it was delivered: the customer's owner gets a revisit within 3 working days.",
  'order.hint.deliveredGuestOwner':
    'When it was delivered: <@{user}> gets a revisit within 3 working days, standing in for the customer’s owner <@{owner}>, not a member of the workspace.',
  'order.recorded':
    'Recorded an order of {amount} for *{name}* ({code}). Annual purchases: {revenue}; tier: {tier}.',
  'order.recordedNoRevenue': 'Recorded an order of {amount} for *{name}* ({code}). Tier: {tier}.',
  'order.recordedTierMoved':
    'Recorded an order of {amount} for *{name}* ({code}). Annual purchases, from the orders of the last 12 months: {revenue}; tier moved from {from} to {tier}.',
  'order.recordedNoRevenueTierMoved':
    'Recorded an order of {amount} for *{name}* ({code}). Tier moved from {from} to {tier}.',
  'order.recordedAgain': 'Recorded an order of {amount} for *{name}* ({code}).',
  'order.duplicate': 'Order {number} is already recorded; nothing was added.',
  'order.duplicateDelivered':
    'Order {number} is already recorded; nothing was added, but its delivery date is now {date}.',
  'import.error.field': '{column}: {problem}',
  // A customers row whose customer another import created while this one ran (not a refusal).
  'import.note.orderLookalike':
    'looks like the order of {date} of {code} on file ({number, select, none {no order number} other {order number {number}}}): same customer, date and amount. Added as a second order; give them order numbers to tell them apart.',
  'import.note.orderNumberAmbiguous':
    '{count} orders of {date} of {code} on file have this amount and no order number: none of them was given {number}, it was added as another order. Give them order numbers to tell them apart.',
  'import.note.ownerUnknown':
    'owner {owner} is not known to the desk (no role, owns no other customer): imported as given; check the id (in Slack: their profile, ⋮, Copy member ID).',
  'import.note.createdMeanwhile':
    'Another import running at the same time created this customer first ({code}): this row was applied to it as an update{changed, select, yes {} other {, which changed nothing}}.',
  // A customers row with a code that another import, running at the same time, gave a customer
  // of another name: not renamed.
  'import.error.createdMeanwhileOtherName':
    'Another import running at the same time created {code} first, named “{name}”: this row names it otherwise, so it was not applied (nothing renamed). Check which name is right and import the row again.',
  'import.error.duplicateRow': 'Same customer as line {line}; only that row is imported.',
  'import.error.duplicateContactRow': 'Same contact as line {line}; only that row is imported.',
  // A row whose code is not found and whose name is the customer an earlier row imported.
  'import.error.nameInFile':
    'Line {line} imported a customer of this name ({code}); only that row is imported.',
  // A customer file's code cell that is no code (`ABC-1`, `C26-001`).
  'import.error.ambiguousPoint':
    'In a file separated by tabs {value} reads as two amounts (1.25 where the decimal mark is a point, 1250 where it is a comma): write it as `1250` or `1.25`.',
  'import.error.extraCells':
    'This row has {cells} cells and the header {columns}: a {separator, select, semicolon {semicolon} tab {tab} other {comma}} typed inside a cell starts a new cell unless the cell is in quotes ("…"). Nothing was imported from this row.',
  'import.column.unnamed': 'column {n} (no header)',
  'import.error.decimalComma':
    'In a file separated by semicolons an amount has the comma as decimal mark and the point between thousands (`1.250` is 1250, `12,50` is 12.5): {value} cannot be read so. Write it as `1250` or `1.250,00`.',
  'import.error.codeFormat': 'A code looks like C2026001; leave it empty for a new customer.',
  // A row of an orders or contacts file naming no customer: the import runs in a terminal only.
  'import.error.noCustomer':
    '{role, select, none {No customer has the code or name {ref}. Import the customer first (with --file), or find its code in a customers export: {user} holds no role on the desk, so ask an admin, a manager or an account manager to run `npm run customers -- export --team {team} --out customer-codes.csv` with --as set to their own Slack user ID} other {No customer has the code or name {ref}. Import the customer first (with --file), or find its code in the file this writes (not over your import file): `npm run customers -- export --team {team} --as {user} --out customer-codes.csv`}}',
  // An orders or contacts row whose desk code is no customer's, while another cell names one.
  'import.error.codeNoCustomer':
    'No customer has the code {code}, and “{name}” is {nameCode}. Correct the code, or leave it empty, and import the row again.',
  // An orders or contacts row whose customer cells (code, Customer, name) name two customers.
  'import.error.customerMismatch':
    'This row names two customers: “{first}” is {firstCode} and “{second}” is {secondCode}. Correct the cell that is wrong, or leave it empty, and import the row again.',
  // A row whose customer or contact was removed (in Slack, or by an erasure) while it was imported.
  'import.error.contactGone':
    'Contact {contact} was removed from customer {code} while this row was being imported (in Slack, or by an erasure), so the row was skipped; run the import again if the contact should be added back.',
  'import.error.customerGone':
    'Customer {code} was removed while this row was being imported, so the row was skipped.',
  // A row of a customer erased (/desk privacy erase): the old sheet would bring the details back.
  'import.error.erased':
    'Customer {code} was erased (/desk privacy erase), so this row was not imported: it would bring the erased details back. Take the row out of the file.',
  // A row naming a contact erased (/desk privacy erase) of a customer that stays.
  'import.error.contactErased':
    'The contact on this row was erased from customer {code} (/desk privacy erase), so this row was not imported: it would bring the erased details back. Take the row out of the file, or add the contact again in Slack.',
  'help.ticket.new': 'Open a service ticket (the title is optional)',
  'help.ticket.mine': 'Your open tickets, due first',
  'help.ticket.requests': 'The open tickets you asked for, and where each stands',
  'help.task.mine': 'Your open tasks, due first; `approve`: the ones you sign off',
  'help.task.team': "Your team's open tasks, overdue first, to act on (managers)",
  'task.mine.header': 'Your open tasks ({count, number})',
  'task.mine.none': 'You have no open tasks. Plan one with `/task new`.',
  // To one who may plan no task by hand (`customer.planTask`, no customer of their own).
  'task.mine.noneCannotPlan': 'You have no open tasks.',
  'help.task.new': 'Plan a task for a customer by hand: kind, who does it, who helps, by when',
  'task.new.button': 'New task',
  'task.new.title': 'New task',
  'task.new.submit': 'Create task',
  'task.field.customer': 'Customer',
  'task.field.kind': 'Kind',
  'task.field.executor': 'Who does it',
  'task.field.helper': 'Who helps',
  'task.field.approver': 'Approver',
  'task.hint.approver':
    'Optional: who signs the task off. They are told when it is planned and when it is done, and may complete or reschedule it.',
  'task.error.approverIsExecutor':
    'Pick someone other than who does it: nobody signs off their own task.',
  'task.error.unfit':
    '{reason, select, bot {{name} is a bot: pick a person of the workspace.} deactivated {The account of {name} is deactivated: pick someone else.} external {{name} is of another organisation (Slack Connect): pick a member of the workspace.} other {{name} is a guest (their account is limited to some channels): pick a member of the workspace.}}',
  'task.people.planner': 'planned by <@{user}>',
  'task.people.helper': 'helped by <@{user}>',
  'task.people.approver': 'signed off by <@{user}>',
  'task.people.guestOwner': 'yours: the owner <@{user}> is not a member of the workspace',
  'task.people.guestOwnerFor': 'for the owner <@{user}>, not a member of the workspace',
  'task.approve.more': '…and {count, number} more: `/task mine approve` lists them all.',
  'task.approve.none': 'You sign off no open tasks.',
  'task.mine.approveHeader': 'To approve ({count, number})',
  'task.approver.planned':
    ':clipboard: <@{by}> planned a task for you to sign off: {task}, done by <@{executor}>, {due}{planner, select, none {} other {, planned by <@{planner}>}}.',
  'task.helper.planned':
    ':handshake: <@{by}> asked you to help with a task: {task}, done by <@{executor}>, {due}{planner, select, none {} other {, planned by <@{planner}>}}.',
  'task.approver.done': ':white_check_mark: <@{by}> completed a task you sign off: {task}.',
  'task.executor.done':
    ':white_check_mark: <@{by}> completed your task {task}: it is done, do not contact the customer again for it.',
  'task.approver.outcome': 'Outcome ({type}): {summary}',
  'task.approver.feedback': 'Feedback: {feedback}',
  'task.approver.scores':
    '{satisfaction, select, none {} other {Satisfaction {satisfaction}/5}}{both, select, yes { · } other {}}{nps, select, none {} other {NPS {nps}}}',
  'task.approver.solved': '{solved, select, yes {Solved} other {Not solved}}',
  'task.button.customer': 'Open customer',
  'task.field.due': 'Due',
  'task.field.content': 'What to do',
  'task.new.contentPlaceholder': 'e.g. Call Li Na about the spring order and the new price list',
  'task.new.created': '{kind} for {customer} planned for {user}, due {due}.',
  'help.ticket.list': 'Open, overdue, unassigned, waiting or your tickets, due first',
  'help.ticket.show': "Show a ticket's card",
  'ticket.error.cardStaffOnly':
    'Ticket cards are for the service team: you hear about your ticket in its conversation.',
  'ticket.error.notFound': 'No ticket has the number {number}.',
  'ticket.error.gone': 'This ticket no longer exists.',
  'ticket.error.guestCustomer':
    "You're a guest in this workspace, so here you can file only for a customer of your own tickets. For another customer, file in that customer's channel, or ask a member of the workspace to file it for you.",
  'ticket.new.guestNowhere':
    "You're a guest in this workspace, so the desk doesn't list its customers for you to pick from, and you have no tickets yet. File your request in your customer channel: run `/ticket new` there or use the *Create ticket* shortcut on a message in it, or ask a member of the workspace to file it for you. Your own tickets are in `/ticket requests`.",
  'ticket.modal.guestCustomersHint':
    "The customers of your own tickets. For another customer, file in that customer's channel.",
  'ticket.error.pickCustomer': 'Pick a customer from the list.',
  'ticket.error.changedMeanwhile':
    'Someone changed {number} at the same moment. Look at its card and try again.',
  'ticket.error.beingMerged':
    '{number} is being merged with another ticket right now, so nothing was changed. Try again in a moment.',
  'ticket.error.alreadyYours':
    'You already have {number}: it is assigned to you, nothing more to claim.',
  'ticket.error.alreadyClaimed': '{number} is already claimed (by <@{user}>).',
  'ticket.error.alreadyEscalated': '{number} was escalated to L{level} (handled by <@{user}>).',
  'ticket.error.stale.new': '{number} is new and unassigned now; that button no longer applies.',
  'ticket.error.stale.assigned': '{number} is being handled now; that button no longer applies.',
  'ticket.error.stale.waiting':
    '{number} is waiting on the customer now; that button no longer applies.',
  'ticket.error.stale.resolved': '{number} is resolved now; that button no longer applies.',
  'ticket.error.stale.closed': '{number} is closed; nothing more can be done with it.',
  // The same, for a choice of the card's "…" menu (the ticket moved on since the card was drawn).
  'ticket.error.staleChoice.new':
    '{number} is new and unassigned now; that choice no longer applies.',
  'ticket.error.staleChoice.assigned':
    '{number} is being handled now; that choice no longer applies.',
  'ticket.error.staleChoice.waiting':
    '{number} is waiting on the customer now; that choice no longer applies.',
  'ticket.error.staleChoice.resolved': '{number} is resolved now; that choice no longer applies.',
  'ticket.error.levelChanged':
    'Someone escalated {number} to L{level} meanwhile; open Escalate again from its card.',
  'ticket.error.topLevel':
    '{number} is already with the account manager (L3); it cannot go higher.',
  'ticket.error.noL3':
    '{number} is at L2, the top level for its customer: L3 (the account manager, one to one) is for key and strategic customers only.',
  'ticket.error.listKind':
    'Use `/ticket list open`, `/ticket list overdue`, `/ticket list unassigned`, `/ticket list waiting` or `/ticket list mine`.',
  'ticket.type.consultation': 'Consultation',
  'ticket.type.complaint': 'Complaint',
  'ticket.type.after_sales': 'After-sales',
  'ticket.type.demand': 'Demand / custom work',
  'ticket.type.other': 'Other',
  'ticket.severity.urgent': 'Urgent',
  'ticket.severity.important': 'Important',
  'ticket.severity.general': 'General',
  'ticket.channel.phone': 'Phone',
  'ticket.channel.email': 'Email',
  'ticket.channel.portal': 'Portal',
  'ticket.channel.review': 'Third-party review',
  'ticket.channel.slack': 'Slack',
  'ticket.channel.visit': 'Visit',
  'ticket.channel.wechat': 'WeChat',
  'ticket.status.new': 'New',
  'ticket.status.assigned': 'In progress',
  'ticket.status.waiting': 'Waiting on customer',
  'ticket.status.resolved': 'Resolved',
  'ticket.status.closed': 'Closed',
  'ticket.modal.newTitle': 'New ticket',
  'ticket.modal.reassignTitle': 'Reassign {number}',
  'ticket.modal.escalateTitle': 'Escalate {number}',
  'ticket.modal.noteTitle': 'Note on {number}',
  'ticket.modal.resolveTitle': 'Resolve {number}',
  'ticket.modal.createSubmit': 'Create ticket',
  'ticket.modal.reassignSubmit': 'Reassign',
  'ticket.modal.escalateSubmit': 'Escalate',
  'ticket.modal.noteSubmit': 'Add note',
  'ticket.modal.resolveSubmit': 'Resolve',
  'ticket.placeholder.reason': 'e.g. The spindle error needs a service engineer on site',
  'ticket.placeholder.note': 'e.g. Called the site: the line restarts at 14:00',
  'ticket.modal.resolveToRequester':
    'The requester is sent this summary: write it for them, keep internal remarks to a note.',
  'ticket.placeholder.resolution': 'e.g. Replaced the worn gasket; tested for 2 hours, no leak',
  'form.placeholder.person': 'Choose a person',
  'ticket.modal.longMessage':
    'The message is longer than 3,000 characters; the ticket keeps a link to it.',
  'ticket.modal.authorErased':
    'The author of this message had their personal data erased from the desk after writing it: neither they nor their words are filled in.',
  'ticket.modal.customerPlaceholder': 'Type a name or code',
  'ticket.modal.escalateToL3': 'It goes to the account manager, <@{user}> (L3).',
  'ticket.modal.escalateToL3GuestOwner':
    'It goes to the account manager, <@{user}> (L3), who stands in for the customer’s owner <@{owner}>, not a member of the workspace.',
  'ticket.field.customer': 'Customer',
  'ticket.field.type': 'Type',
  'ticket.field.severity': 'Severity',
  'ticket.field.channel': 'Came in by',
  'ticket.field.title': 'Title',
  'ticket.field.description': 'Description',
  'ticket.field.receivedDate': 'Received on',
  'ticket.field.receivedTime': 'Received at ({timeZone})',
  'ticket.field.status': 'Status',
  'ticket.field.assignee': 'Assignee',
  'ticket.field.newAssignee': 'New assignee',
  'ticket.field.responseDue': 'First response due',
  'ticket.field.resolutionDue': 'Resolution due',
  'ticket.field.replyDue': 'Reply due',
  'ticket.field.promised': 'Promised to the requester',
  'ticket.field.responded': 'First response',
  'ticket.field.resolved': 'Resolution',
  'ticket.field.reason': 'Reason',
  'ticket.field.expert': 'Expert (L2)',
  'ticket.field.note': 'Note',
  'ui.labelled': '{label}: {value}',
  'ticket.field.resolution': 'Resolution summary',
  'ticket.field.surveyComment': 'Survey comment',
  'ticket.card.unassigned': 'Unassigned',
  'ticket.card.dueLeft':
    '{clock, select, always {{left} left on the 24x7 clock, due {due}} other {{left} of business time left, due {due}}}',
  'ticket.card.dueOver':
    '{clock, select, always {Overdue by {over} on the 24x7 clock, was due {due}} other {Overdue by {over} of business time, was due {due}}}',
  'ticket.card.paused':
    '{clock, select, always {Paused while waiting on the customer ({left} left on the 24x7 clock)} other {Paused while waiting on the customer ({left} of business time left)}}',
  'ticket.card.pausedOver':
    '{clock, select, always {Paused while waiting on the customer (overdue by {over} on the 24x7 clock, was due {due})} other {Paused while waiting on the customer (overdue by {over} of business time, was due {due})}}',
  'ticket.card.dueSince': 'Overdue since {due}',
  'ticket.card.pausedSince': 'Paused while waiting on the customer (overdue since {due})',
  'ticket.card.responded': 'Responded {when}',
  'ticket.card.resolved': 'Resolved {when}',
  'ticket.card.survey':
    'Requester’s survey: {satisfaction, select, none {no score} other {satisfaction {satisfaction}/5}}{nps, select, none {} other {, NPS {nps}}}',
  'ticket.card.mergedClosed': 'Closed as a duplicate {when}, not resolved',
  'ticket.card.noResponse': 'None: closed as a duplicate before an answer',
  'ticket.card.promised': '{date}{passed, select, yes { · passed} other {}}',
  'ticket.card.source': 'From a Slack message',
  'ticket.card.level': 'L{level}',
  'duration.hm': '{h, number} h{m, plural, =0 {} other { {m} min}}',
  'duration.m': '{m} min',
  'ticket.button.claim': 'Claim',
  'ticket.button.reassign': 'Reassign',
  'ticket.button.escalate': 'Escalate',
  'ticket.button.wait': 'Waiting on customer',
  'ticket.button.resume': 'Resume',
  'ticket.button.note': 'Add note',
  'ticket.button.resolve': 'Resolve',
  'ticket.button.reopen': 'Reopen',
  'ticket.button.close': 'Close',
  'ticket.close.confirmTitle': 'Close {number} now?',
  'ticket.close.confirmText':
    'Closing ends its reopen: until {days} days after the resolution its requester may still press Not solved, reopen or reply to reopen it, and nobody can reopen a closed ticket. The desk closes it by itself once those days are over and its revisit is done.',
  'ticket.close.confirm': 'Close now',
  'ticket.close.deny': 'Keep it resolved',
  'customer.button.newTicket': 'New ticket',
  'ticket.event.created': '<@{by}> opened this ticket.',
  'ticket.event.claim': '<@{by}> claimed it.',
  'ticket.event.reassign': '<@{by}> assigned it to <@{user}>.',
  'ticket.event.escalate': '<@{by}> escalated it to L{level}, <@{user}>: {text}',
  'ticket.event.wait': '<@{by}>: waiting on the customer. The SLA clock is paused.',
  'ticket.event.resume': '<@{by}> resumed work. The SLA clock runs again.',
  'ticket.event.note': '<@{by}> noted: {text}',
  'ticket.event.resolve': '<@{by}> resolved it: {text}',
  'ticket.event.reopen': '<@{by}> reopened it.',
  'ticket.event.released':
    '<@{user}>, who held it, no longer works tickets: it is back in the queue, unassigned, for whoever claims it.',
  'ticket.event.close': '<@{by}> closed it.',
  'ticket.button.merge': 'Merge into…',
  'ticket.button.task': 'New task',
  'ticket.modal.mergeTitle': 'Merge {number}',
  'ticket.modal.mergeSubmit': 'Merge',
  'ticket.button.followers': 'Followers…',
  'ticket.modal.followersTitle': 'Followers of {number}',
  'ticket.modal.followersSubmit': 'Save followers',
  'ticket.field.followers': 'Followers',
  'ticket.hint.followers':
    'Up to {max, number} people, told of each step by direct message. Whoever you add is told once; whoever you take off is not. The requester and the assignee hear of each step anyway: leave them out.',
  'ticket.field.mergeTarget': 'The ticket it duplicates',
  'ticket.placeholder.mergeTarget': 'Its number, e.g. T20260001',
  'ticket.hint.merge':
    'This ticket is closed as a duplicate, not counted as resolved nor late; the other ticket gets a note, and this one’s requester is told to follow it there.',
  'ticket.merge.error.self':
    'A ticket cannot be merged into itself: type the number of the other ticket.',
  'ticket.merge.error.unknown': 'There is no ticket {number} in this workspace.',
  'ticket.merge.error.targetMerged':
    '{number} was itself merged into {into}: merge into {into} instead.',
  'ticket.merge.error.notOpen':
    '{number} is {status, select, resolved {resolved} other {closed}}: a duplicate is merged only into an open ticket.',
  'ticket.merge.error.filing':
    '{number} is still being filed: merge into it in a minute or two, once its card is in the channel.',
  'ticket.merge.error.already': '{number} is merged into {into} already.',
  'ticket.merge.error.complaintIntoOther':
    '{duplicate} is a complaint and {number} is not: merged into it, the complaint would no longer be followed as one (the customer contact, the root cause, the complaint figures). Merge {number} into {duplicate} instead, or make {number} a complaint first (Classify…).',
  'ticket.merge.error.complaintUrgency':
    '{duplicate} is {urgency, select, critical {a critical} other {an urgent}} complaint and {number} {targetUrgency, select, urgent {an urgent} other {a general}} one: merged into it, the complaint would lose its shorter contact and resolution targets. Merge {number} into {duplicate} instead, or raise {number}’s urgency first (Classify…).',
  'ticket.merge.error.complaintOtherCustomer':
    '{duplicate} is a complaint and {number} is another customer’s ticket: merged into it, the complaint would leave its customer’s file and their contact would never be made. A complaint is merged only into a ticket of the same customer.',
  'ticket.merge.error.busy':
    '{number} is being merged with another ticket right now: look at both tickets again in a moment, and merge then if it still applies.',
  'ticket.merge.error.stillSaving':
    'Your earlier submit of this merge of {number} is still being saved. Look at {number} in a minute: if it is not merged by then, merge it again.',
  'ticket.event.merge': '<@{by}> merged it into {into}{note, select, yes {: {text}} other {.}}',
  'ticket.event.mergedFrom':
    'Merged from {from}{asker, select, user { (<@{user}>, “{wrote}”)} contact { ({name}, “{wrote}”)} other {}} by <@{by}>{note, select, yes {: {text}} other {.}}{carried, select, yes { (The customer contact recorded on {from} counts for this complaint.)} other {}}',
  'ticket.card.mergedInto': 'Merged into {into}',
  'ticket.card.loggedLate':
    ':hourglass: Logged late: {late} of working time after it was received (the manuals ask within 1 h).',
  'ticket.requesterExternal':
    ':warning: <@{user}> is a person of another organisation (Slack Connect): the desk cannot message them, so they get none of this ticket’s notices. Answer them yourself in the channel you share with them, or another way (phone, email), and log it with *Log response*.',
  'ticket.loggedLate':
    'It was logged {late} of working time after it was received: the manuals ask within 1 h, so it counts as logged late in the digest and the reports.',
  'ticket.escalation.post':
    '{number} for {customer} escalated to L{level} by <@{by}>, now with <@{user}>: {text}',
  'ticket.escalation.guestOwner':
    'The account manager <@{user}> stands in for the customer’s owner <@{owner}>, not a member of the workspace (a guest, or of another organisation).',
  'ticket.created':
    'Ticket {number} is saved with severity {severity}{raised, select, yes { (its complaint urgency raised the one picked)} other {}}; its card is in <#{channel}>.',
  'ticket.savedAs': 'Saved as ticket {number}.',
  'ticket.messageHasTicket': 'This message already has ticket {number}: no other ticket was made.',
  'ticket.createdNoChannel':
    'Ticket {number} is saved with severity {severity}{raised, select, yes { (its complaint urgency raised the one picked)} other {}}. This workspace has no triage channel yet, so its card will be posted once an admin sets one.',
  'ticket.createdCardPending':
    'Ticket {number} is saved with severity {severity}{raised, select, yes { (its complaint urgency raised the one picked)} other {}}. Slack has not taken its card yet ({error, select, ratelimited {Slack asked the desk to slow down} queued {it waits behind other messages} other {Slack answered `{error}`}}); it will be posted automatically.',
  'ticket.dm.accountManager':
    'New ticket {number} ({severity, select, urgent {urgent} important {important} other {general}}) for your customer {customer}: {title}',
  'ticket.dm.guestOwner':
    'Yours as the account manager: the customer’s owner <@{user}> is not a member of the workspace (a guest, or of another organisation).',
  'ticket.dm.standInTaken':
    '{number} for {customer} is yours now as the account manager: its owner <@{user}> is not a member of the workspace (a guest, or of another organisation), and nobody could stand in for them when it came in.',
  'ticket.dm.standInTakenHanded':
    '{number} for {customer} is yours now as the account manager: its owner <@{user}> is not a member of the workspace (a guest, or of another organisation). When it came in, nobody could stand in for its owner then, who was not a member of the workspace either.',
  'ticket.list.mine': 'Your open tickets ({total})',
  'ticket.list.open': 'Open tickets ({total})',
  'ticket.list.expired':
    'This list can no longer be changed: Slack lets the desk update it for 30 minutes only. Run `/ticket list` again for a fresh one.',
  'ticket.list.unreached':
    'Slack could not be reached to show that page. Try again, or run `/ticket list` again.',
  'ticket.list.overdue': 'Overdue tickets ({total})',
  'ticket.list.unassigned': 'Unassigned tickets ({total})',
  'ticket.list.waiting': 'Tickets waiting on the customer ({total})',
  'ticket.list.page': '{from}-{to} of {total}, due first',
  'ticket.list.shifted':
    'The list has changed since it was shown (tickets closed or moved): this is its last page now.',
  'ticket.list.next': 'Next',
  'ticket.list.previous': 'Previous',
  'ticket.list.response': 'Response: {due}',
  'ticket.list.resolution': 'Resolution: {due}',
  'ticket.list.reply': 'Reply: {due}',
  'ticket.list.paused': 'paused, waiting on the customer',
  'ticket.list.pausedClocks': 'paused, waiting on the customer; {clocks}',
  'ticket.list.overdueBy':
    '{clock, select, always {overdue by {over} on the 24x7 clock, was due {due}} other {overdue by {over} of business time, was due {due}}}',
  'ticket.list.overdueSince': 'overdue since {due}',
  'ticket.list.heldByYou': 'you',
  'ticket.button.open': 'Open',
  'ticket.open.title': 'Ticket',
  'ticket.open.card': 'Go to its card and thread',
  'ticket.open.noCard': 'Its card is not in the triage channel yet.',
  'ticket.card.reposted':
    ':information_source: The card of {number} was posted again: {why, select, locked {Slack would not let the desk update the earlier one} other {Slack could no longer update the earlier one (it was deleted)}}. Its thread goes on here.',
  'ticket.post.anonymised':
    ':information_source: This message was about {number}. Its words were anonymised (retention or an erasure of personal data): read the ticket for what is left.',
  'ticket.post.requesterAnonymised':
    ':information_source: This message was about your ticket *{number}*. Its words were removed under this workspace’s data retention or an erasure of personal data.',
  'ticket.post.alertAnonymised':
    ':information_source: An SLA alert about {number} was here. Its words were anonymised (retention or an erasure of personal data).',
  'ticket.post.taskAnonymised':
    ':information_source: A task of {number} was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in `/task mine` and on your App Home.',
  'ticket.post.customerTaskAnonymised':
    ':information_source: A task was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in `/task mine` and on your App Home.',
  'ticket.post.taskListAnonymised':
    ':information_source: A list of tasks was in this message. The words of one of them were anonymised (retention or an erasure of personal data), so the message was taken out: your open tasks, with their buttons, are in `/task mine` (your team’s in `/task team`) and on your App Home.',
  'ticket.post.surveyLowAnonymised':
    ':information_source: A customer’s low survey answer was in this message. Its words were anonymised (retention or an erasure of personal data), so the message was taken out.',
  'ticket.post.alertsAnonymised':
    ':information_source: SLA alerts about {numbers} were here. The words of one or more of these tickets were anonymised (retention or an erasure of personal data), so the list was taken out: read the tickets for what is left.',
  'ticket.card.outOfDate':
    ':warning: This card no longer changes: Slack would not let the desk update it. {number} was posted again in <#{channel}>: use the new card, its buttons and its thread.',
  'ticket.confirm.claim': 'You have {number} now.',
  'ticket.confirm.wait': '{number} waits on the customer now.',
  'ticket.confirm.resume': '{number} is in progress again.',
  'ticket.confirm.reopen': '{number} is open again.',
  'ticket.confirm.close': '{number} is closed.',
  'home.mine.title': '*Your open tickets* ({total, number}), due first',
  'home.mine.none': 'No open tickets are assigned to you.',
  'home.waiting.title':
    '*Waiting on you* ({total, number}): your requests that wait for your answer, and those you filed for a customer outside Slack that wait for theirs (you pass it on)',
  'home.waiting.none': 'Nothing waits on you.',
  'home.waiting.contact':
    'Waiting on {name} (by {via}): record their answer with *Customer wrote…*',
  'home.waiting.contactOnly': 'Waiting on {name} (by {via})',
  'home.guest.row':
    '*{number}* {title}\n{status, select, waiting {Waiting on your reply} handled {Our service team is handling it} other {Received; our service team takes it soon}}',
  'home.customersUnassigned.title':
    "*Your customers' tickets nobody holds* ({total, number}), due first",
  'home.customersUnassigned.none': 'Every open ticket of your customers has someone on it.',
  'home.tasks.title': '*Your tasks due today and overdue* ({total, number})',
  'home.tasks.none': 'No tasks due.',
  'home.tasks.more': '…and {count, number} more: `/task mine` lists them all.',
  'home.helping.title': '*Tasks you help with* ({total, number})',
  'task.helping.doneBy': 'done by <@{executor}>',
  'home.approve.title': '*Tasks you sign off* ({total, number})',
  'home.signals.title': '*Your customers with signals* ({total, number})',
  'home.signal.churn': 'churn risk',
  'home.signal.contract': 'contract ends {date}',
  'home.signal.guestOwner': 'yours: the owner <@{user}> is not a member of the workspace',
  'home.risk.title': '*Churn risk of your customers*',
  'home.risk.counts': 'At churn risk: {churn, number} · Low risk: {low, number}',
  'home.risk.more': '…and {count, number} more at churn risk.',
  'home.team.title': 'Team',
  'home.team.unassigned': '*Unassigned* ({total, number})',
  'home.team.breaching': '*Breaching within the hour* ({total, number})',
  'home.team.overdue': '*Overdue* ({total, number})',
  'home.team.escalated': '*Escalated and unassigned* ({total, number})',
  'home.queue.none': 'None.',
  'home.more': '…and {count, number} more.',
  'home.more.in': '…and {count, number} more: `{command}` lists them.',
  'home.week.title': '*This week so far* (since {date})',
  'home.week.figures':
    'Opened {opened, number} · Resolved {resolved, number} · First response on time {onTime} · First-contact resolution {fcr}',
  'home.admin.title': 'Desk settings',
  'home.admin.settings': 'Settings',
  'home.admin.roles': 'Roles',
  'home.problem.none': 'Nothing blocks the desk.',
  'home.problem.noTriage':
    ":warning: No triage channel is set: new tickets' cards wait until one is set in *Settings* → *Channels*.",
  'home.problem.noManagers':
    ':warning: No managers are set: only admins see the team queue, and {overdueTo, select, none {nobody gets the overdue list} other {the overdue list goes only to <#{overdueTo}>}}. Add them in *Roles*.',
  'home.problem.noHolidays':
    ":warning: No holidays are entered for the next 12 months: SLA clocks will run through them. *Settings* → *Holidays* loads China's public holidays.",
  'home.problem.noDigest':
    ':warning: No digest channel is set: the weekly KPI digest is built but posted nowhere. Set one in *Settings* → *Channels*.',
  'home.problem.noEscalation':
    ":warning: No escalation channel is set: critical complaints' pages and escalation posts {escalationTo, select, none {go nowhere} other {go to <#{escalationTo}>}}. Set one in *Settings* → *Channels*.",
  'home.problem.noUsersReadOauth':
    ":warning: The app was installed without the `users:read` permission, so Slack won't say who is a guest of this workspace: people without a desk role can't read the desk's lists, customers or other people's tickets, nor work tickets on an open desk. Reinstall the app from the desk's install page (it asks for `users:read`), or give them roles in *Roles*.",
  'home.problem.noUsersReadToken':
    ":warning: The desk's bot token lacks the `users:read` permission, so Slack won't say who is a guest of this workspace: people without a desk role can't read the desk's lists, customers or other people's tickets, nor work tickets on an open desk. In the Slack app's config, add `users:read` to its bot token scopes (*OAuth & Permissions*) and reinstall the app to the workspace (if Slack shows a new bot token, the desk's `SLACK_BOT_TOKEN` takes it); or give them roles in *Roles*.",
  'home.problem.ownerUnknown':
    ':warning: Slack has no user `{owner}` (not found, or not visible to the app), yet {count, plural, one {# customer is} other {# customers are}} owned by that id: nobody is told of their tasks, signals or tickets. Give {count, plural, one {it} other {them}} another owner: *Owner* in *Edit* on the card, or the `Owner` column of a customers file (`npm run customers -- import`).',
  'home.problem.ownersUnknownMore':
    '…and {count, plural, one {# more id} other {# more ids}} Slack has no user for own customers: named here once those above have another owner.',
  'home.problem.notInChannel':
    ':warning: Slack refuses the desk in <#{channel}> (not invited, or the channel is gone): invite the app there or choose another channel.',
  'ticket.list.none.open': 'No open tickets. Open one with `/ticket new`.',
  'ticket.list.none.mine':
    'No open tickets are assigned to you.{next, select, claim { Claim one from `/ticket list unassigned`, or open one with `/ticket new`.} open { The tickets you asked for are in `/ticket requests`; to ask the service team for help, open one with `/ticket new`.} other {}}',
  'ticket.list.none.unassigned':
    'Every open ticket has an assignee. See them all with `/ticket list`.',
  'ticket.list.none.overdue': 'No ticket is overdue. See every open ticket with `/ticket list`.',
  'ticket.list.none.waiting':
    'No ticket is waiting on the customer. See every open ticket with `/ticket list`.',
  'home.problem.dismiss': 'Dismiss',
  'order.error.numberTaken': 'Order number {number} is already recorded for {code} on {date}.',
  'alert.more': '…and {count, number} more: see `/ticket list overdue`.',
  'alert.held':
    '_Held since {since}{refused, select, yes { because Slack refused the channel (`{error}`)} other {}}: listed as the tickets stand now{dropped, plural, =0 {} one {; # alert no longer applies and is left out} other {; # alerts no longer apply and are left out}}._',
  'alert.escalationHeader': 'Escalated automatically on SLA breach ({count, number})',
  'alert.dmHeader': 'Your tickets with SLA alerts ({count, number})',
  'alert.dmHeaderFollow': 'SLA alerts for you to follow up ({count, number})',
  'alert.dmHeaderHandedOver': 'No longer yours: escalated on SLA breach ({count, number})',
  'alert.header': 'SLA alerts ({count, number})',
  'alert.responseWarn':
    ':warning: *{number}* {title} · {customer} · {severity}: first response due soon{hasDue, select, yes { (by {due})} other {}}',
  'alert.resolutionWarn':
    ':warning: *{number}* {title} · {customer} · {severity}: resolution due soon{hasDue, select, yes { (by {due})} other {}}',
  'alert.responseBreach':
    ':rotating_light: *{number}* {title} · {customer} · {severity}: first response overdue{hasDue, select, yes { since {due}} other {}}',
  'alert.resolutionBreach':
    ':rotating_light: *{number}* {title} · {customer} · {severity}: resolution overdue{hasDue, select, yes { since {due}} other {}}',
  'alert.replyBreach':
    ':rotating_light: *{number}* {title} · {customer} · {severity}: the customer wrote again and has had no reply{hasDue, select, yes {, due {due}} other {}}',
  'alert.replyBreachReopened':
    ':rotating_light: *{number}* {title} · {customer} · {severity}: {who, select, requester {its requester <@{by}> said it was not solved and reopened it} revisit {its revisit call found it not solved and the desk reopened it} desk {the desk reopened it} staff {<@{by}> reopened it} other {it was reopened}}, and the customer has had no reply since{hasDue, select, yes {, due {due}} other {}}',
  'alert.escalateL2':
    ':arrow_double_up: *{number}* {title} · {customer}: escalated to L2 on breach',
  'alert.escalateL2.noExperts':
    ':arrow_double_up: *{number}* {title} · {customer}: escalated to L2 on breach; no L2 experts are set, so a manager takes it. Name experts in `/desk roles`',
  'alert.escalateL2.kept':
    ':arrow_double_up: *{number}* {title} · {customer}: escalated to L2 on breach; nobody else the desk could give it to, so its holder keeps it. Name more experts in `/desk roles`',
  'alert.escalateL3':
    ':arrow_double_up: *{number}* {title} · {customer}: escalated to L3, the account manager',
  'alert.guestOwner':
    '(the account manager stands in for the customer’s owner <@{user}>, not a member of the workspace)',
  'alert.escalatedToYou':
    ':arrow_double_up: *{number}* {title} · {customer}: escalated to L{level} on breach, and it is yours now{hasFrom, select, yes {, taken over from <@{from}>} other {}}. Its SLA is already breached: answer it first.',
  'alert.escalatedAway':
    ':arrow_double_up: *{number}* {title} · {customer}: escalated to L{level} on breach; <@{user}> has it now. Hand over what you know in its thread.',
  'alert.autoEscalateReason': 'SLA breached',
  'alert.who.assignee': 'handled by <@{user}>',
  'alert.who.unassigned': 'unassigned: account manager <@{user}> told',
  'alert.who.nobody': 'unassigned, and no account manager to tell',
  'alert.who.unassignedYou': 'unassigned',
  'alert.who.you': 'handled by you',
  'alert.who.handedOver': 'handed over to <@{user}>',
  'ticket.event.autoEscalate': 'SLA breached: escalated automatically to L{level}, <@{user}>.',
  'ticket.event.desk.unsharedResume':
    'The customer’s organisation left <#{channel}> (Slack Connect disconnected): nobody can answer the question there any more, so the desk resumed this ticket and the SLA clock runs again from the disconnect. Reach the customer another way.',
  'ticket.event.desk.created': 'Opened from a message of <@{user}> in <#{channel}>.',
  'ticket.event.desk.createdPlain': 'The desk opened this ticket.',
  'ticket.event.desk.note': 'The desk noted: {text}',
  'ticket.event.desk.resume': 'The desk resumed work. The SLA clock runs again.',
  'ticket.event.desk.reopen': 'The desk reopened it.',
  'ticket.event.desk.close': 'The days to reopen it are over: the desk closed it.',
  'ticket.event.desk.revisitReopen':
    'The desk reopened it: its revisit call found the issue not solved.',
  'ticket.event.replyResume': '<@{by}> replied, so the SLA clock runs again: {text}',
  'ticket.event.replyReopen': '<@{by}> replied, so the ticket is reopened: {text}',
  'ticket.event.desk.replyResume': 'The customer replied, so the SLA clock runs again: {text}',
  'ticket.event.desk.replyReopen': 'The customer replied, so the ticket is reopened: {text}',
  'ticket.event.colleague.replyResume':
    '<@{by}> (customer side) replied, so the SLA clock runs again: {text}',
  'ticket.event.colleague.replyReopen':
    '<@{by}> (customer side) replied, so the ticket is reopened: {text}',
  'ticket.event.reply': '<@{by}> replied: {text}',
  'ticket.event.customerWrote': '<@{by}> recorded what the customer said by {via}: {text}',
  'ticket.event.customerWroteResume':
    "<@{by}> recorded the customer's answer by {via}, so the SLA clock runs again: {text}",
  'ticket.event.desk.reply': 'The customer replied: {text}',
  'ticket.event.colleague.reply': '<@{by}> (customer side) replied: {text}',
  'ticket.event.undescribed.reply':
    '<@{by}> wrote in the customer’s thread (Slack never said whether they are a colleague or a guest; the ticket was left as it was): {text}',
  'ticket.event.followUp': '<@{by}> added: {text}',
  'ticket.event.desk.followUp': 'The customer added: {text}',
  'ticket.event.edited': '<@{by}> edited their message: {text}',
  'ticket.event.desk.edited': 'The customer edited their message: {text}',
  'order.error.negative': 'Enter an amount above zero.',
  'order.error.refund':
    'Enter an amount above zero: a refund or return is not recorded as an order.',
  'order.error.deliveredBeforeOrder': 'The delivery date is before the order date.',
  'delivery.modal.title': 'Record delivery',
  'delivery.field.order': 'Order delivered',
  'delivery.hint.order': "The customer's latest {max} orders, the latest first.",
  'delivery.option.delivered': 'delivered {date}',
  'delivery.error.noOrders':
    'No order of *{name}* ({code}) is on file: record it with *Record order*, whose *Delivered on* takes its delivery date.',
  'delivery.error.orderGone': 'That order is no longer on file: pick another.',
  'delivery.recorded':
    "Recorded: the order of {date} ({amount}) of *{name}* ({code}) was delivered on {delivered}; the customer's owner gets a revisit within 3 working days.",
  'delivery.recordedGuestOwner':
    'Recorded: the order of {date} ({amount}) of *{name}* ({code}) was delivered on {delivered}; <@{user}> gets a revisit within 3 working days, standing in for the customer’s owner <@{owner}>, not a member of the workspace.',
  'delivery.recordedNoRevisit':
    'Recorded: the order of {date} ({amount}) of *{name}* ({code}) was delivered on {delivered}. No revisit is planned for it: the desk plans one only for a delivery of the last 7 days (add one with New task if the customer should get it).',
  'delivery.recordedOptedOut':
    'Recorded: the order of {date} ({amount}) of *{name}* ({code}) was delivered on {delivered}. No revisit is planned for it: every contact of the customer opted out of revisits (回访).',
  'delivery.recordedRevisitOpen':
    'Recorded: the order of {date} ({amount}) of *{name}* ({code}) was delivered on {delivered}. Its revisit, planned for the delivery date recorded before, stays due {due}: move it with *Change due date* if it should follow this one.',
  'delivery.recordedRevisitClosed':
    'Recorded: the order of {date} ({amount}) of *{name}* ({code}) was delivered on {delivered}. Its revisit was planned for the delivery date recorded before and is closed: no second one is planned (add one with New task if the customer should get it).',
  'delivery.unchanged':
    'The order of {date} ({amount}) of *{name}* ({code}) already says delivered on {delivered}; nothing changed.',
  'task.alsoTickets': '(also {numbers})',
  'task.kind.revisit': 'Revisit',
  'task.kind.guide': 'Guide and Q&A',
  'task.kind.checkin': 'Account check-in',
  'task.prefers': '{contact} prefers {channel}',
  'task.kind.care': 'Care contact',
  'task.kind.winback': 'Win-back call',
  'task.kind.recovery': 'Low-score follow-up',
  'task.what.revisit':
    'Ask whether the issue is really solved and how the service was (satisfaction, NPS).',
  'task.what.guide': 'Send the usage guide and offer an online Q&A.',
  'task.what.checkin': 'Call or visit: usage, new needs, relevant cases.',
  'task.what.care': "Get in touch on the tier's care cadence.",
  'task.what.winback': 'The customer may churn: call to learn why and win them back.',
  'task.kind.call': 'Care call',
  'task.kind.visit': 'Visit',
  'task.kind.qbr': 'Quarterly business review',
  'task.kind.greeting': 'Holiday greeting',
  'task.kind.issue': 'Issue follow-up',
  'task.kind.needs': 'Needs discovery',
  'task.kind.other': 'Task',
  'task.what.call': 'Call on the care plan (potential and stable customers): usage, new needs.',
  'task.why.care':
    '{reason, select, vip {VIP customer: a visit by a senior person every {days, plural, one {# day} other {# days}} (relationship, plans, needs)} potential {Potential customer: a care call every {days, plural, one {# day} other {# days}} (usage, new needs)} stable {{tier} customer in its stable stage: a care call every {days, plural, one {# day} other {# days}} (usage, new needs)} prospect {Key potential lead, cared for as a {tier} customer: a care contact every {days, plural, one {# day} other {# days}}} other {{tier} customer: a care contact every {days, plural, one {# day} other {# days}}}}; {since, select, contact {last contact} cancelled {last planned contact, cancelled, due} cancelled_on {last planned contact cancelled on} cooperation {cooperating since} other {first contact}} {date}.',
  'task.what.visit':
    'Monthly visit of a VIP customer, by a senior person: relationship, plans, needs.',
  'task.what.qbr': 'Quarterly business review with the customer: results, issues, next quarter.',
  'task.what.greeting': 'Send the holiday greeting to the contacts named.',
  'task.what.issue': 'Follow up an open issue until the customer confirms it is solved.',
  'task.what.needs': 'Find out new or implicit needs.',
  'task.what.other': 'A task made by hand.',
  'greeting.spring_festival': 'Spring Festival',
  'greeting.dragon_boat': 'Dragon Boat Festival',
  'greeting.mid_autumn': 'Mid-Autumn Festival',
  'greeting.national_day': 'National Day',
  'greeting.new_year': "New Year's Day",
  'greeting.content': '{holiday} ({date}): greet {contacts}',
  'greeting.header':
    '{holiday} is on {date}: {count, plural, one {# customer} other {# customers}} to greet',
  'greeting.line': '• {name} · {contacts} · due {due}',
  'greeting.summary': 'Holiday greeting sent',
  'task.what.recovery':
    'The requester gave a low satisfaction score: call within 24 hours, learn what went wrong and put it right.',
  'task.kind.survey': 'Satisfaction survey',
  'task.what.survey':
    'Quarterly satisfaction survey of a key customer: ask a contact how satisfied they are (1-5), how likely they are to recommend us (0-10) and what to improve.',
  'task.kind.upgrade': 'Upgrade intent: contact',
  'task.what.upgrade': 'The customer wants more: contact them about the upgrade.',
  'task.kind.progress': 'Progress note',
  'task.what.progress': "Send the customer this week's progress note on their running project.",
  'task.why.progress':
    "Send this week's progress note on the customer's running project (every Wednesday; the project runs until {until}).",
  'task.kind.delivery': 'Delivery revisit',
  'task.what.delivery':
    'An order was delivered: revisit the customer within 3 working days (complete, working, in use?).',
  'task.why.delivery':
    'Order of {order} delivered on {date}: revisit within 3 working days (complete, working, in use?).',
  'task.field.surveyContact': 'Contact surveyed',
  'task.hint.surveyContactTyped': 'No contact is on file: type who answered (name, title).',
  'task.error.contactGone': "That contact is no longer on the customer's file: pick another.",
  'task.summary.survey':
    'Quarterly satisfaction survey of {contact}: satisfaction {satisfaction}/5 ({label}), NPS {nps}.',
  'task.content.callRecovery':
    'The {call} call of ticket {number} logged {satisfaction, select, none {} other {satisfaction {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {, }}NPS {nps}}}: call within 24 hours, learn what went wrong and put it right.',
  'task.content.requesterRecovery':
    'The requester of ticket {number} gave {satisfaction, select, none {} other {satisfaction {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {, }}NPS {nps}}}: call within 24 hours, learn what went wrong and put it right.',
  'task.content.surveyRecovery':
    'The quarterly satisfaction survey gave {satisfaction, select, none {} other {satisfaction {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {, }}NPS {nps}}}: call within 24 hours, learn what went wrong and put it right.',
  'task.done.recoveryPlanned':
    'A low score: a *Low-score follow-up* is planned for <@{user}>, due {date}.',
  'task.surveyLow.notice':
    'Low score in the quarterly satisfaction survey of {customer}: {contact} gave satisfaction {satisfaction}/5, NPS {nps} (recorded by <@{by}>).',
  'task.surveyLow.recovery': 'A follow-up for <@{owner}> is due {date}.',
  'task.surveyLow.feedback': 'Feedback: {feedback}',
  'task.done.recoveryPlannedYou':
    'A low score: a *Low-score follow-up* is planned for you, due {date}.',
  'task.error.cancelled.not_key':
    'This task was cancelled: the customer is no longer of the key or strategic tier, so the quarterly survey is no longer owed.',
  'task.error.cancelled.project_ended':
    "This task was cancelled: the customer's project ended, so no progress note is owed.",
  'task.error.cancelled.superseded':
    "This task was cancelled: a new week's progress note took its place (it was not sent in its own week).",
  'task.error.cancelled.not_vip':
    'This task was cancelled: the customer is no longer a VIP, so the quarterly business review is no longer owed.',
  'task.error.cancelled.erased':
    'This task was cancelled: the customer was erased at their request, so the desk no longer contacts them.',
  'task.error.cancelled.expired':
    'This task was cancelled: its holiday is over, so the greeting is no longer owed.',
  'task.error.cancelled.merged':
    'This task was cancelled: its ticket {number} was merged into {into}, which is followed instead.',
  'task.dueToday': 'due *today*',
  'task.dueIn': 'due {date} (in {days, plural, one {# day} other {# days}})',
  'task.dueLate': 'due {date} (*{days, plural, one {# day} other {# days}} late*)',
  'task.reminder.header': 'Your follow-up tasks ({count, number})',
  'task.reminder.continued': 'Your follow-up tasks ({count, number}), continued',
  'task.overdue.header': 'Overdue follow-up tasks ({count, number})',
  'task.more': '…and {count, number} more.',
  'task.error.ticketCustomer':
    'This task follows up {number}, a ticket of customer {code}: pick that customer.',
  'task.overdue.more': '…and {count, number} more: `/task team` lists them all.',
  'task.team.header': "Your team's open tasks ({count, number}), overdue first",
  'task.team.heldHeader':
    'Tasks waiting for someone ({count, number}), overdue first: the executor of each owns customers but is not a member of the workspace (a guest, or of another organisation), and the desk has no other manager or admin of its own to stand in. Nothing of them goes to that person. Take one with *Edit task* (yourself as executor), or do it with *Done*.',
  'task.team.heldNone':
    'No task waits for someone. Your team’s open tasks are for managers and admins to list.',
  'tasks.ownerHeld':
    ':warning: Slack says <@{owner}> {why, select, external {is of another organisation (Slack Connect)} other {is a guest of the workspace}}, yet they own {count, plural, one {# customer} other {# customers}}. The desk has no manager or admin of its own to stand in for them, so their work is held: nothing of those customers goes to them. Any agent takes their tasks from `/task team` (*Edit task*, yourself as executor). Whoever runs the desk’s server fixes it by making one of you an admin: `npm run admins -- --team {team} --add` and that person’s member ID. That admin then gets the rest, and gives those customers another owner.',
  'staff.toldInstead':
    ':information_source: You get this because no admin or manager of the desk can be reached: each owns customers but is not a member of the workspace (a guest, or of another organisation), so the desk sends them nothing. What it asks is for an admin to do (`/desk settings` and `/desk roles` are theirs): tell one of them, or have whoever runs the desk’s server make one of you an admin (`npm run admins -- --team {team} --add` and that person’s member ID).',
  'home.heldTasks':
    ':warning: {more, select, yes {More than {max, number} tasks wait} other {{count, plural, one {# task waits} other {# tasks wait}}}} for someone: the executor of each owns customers but is not a member of the workspace (a guest, or of another organisation), and the desk has no other manager or admin of its own to stand in. `/task team` lists them: take one with *Edit task*.',
  'home.adminsExternal':
    "This desk's admins are all of another organisation (Slack Connect): they hold no role here, so nobody can change its settings or roles. Whoever runs the desk's server makes you one: `npm run admins -- --team {team} --add {user}`.",
  'task.team.none': 'Your team has no open tasks.',
  'task.team.forbidden':
    "Only managers and admins of the desk can list the team's tasks. Your own: `/task mine`.",
  'task.done.button': 'Done',
  'task.due.button': 'Change due date',
  'task.due.title': 'Change due date',
  'task.due.submit': 'Save',
  'task.due.field': 'New due date',
  'task.due.hint':
    "Today or later, in the workspace's time zone ({timeZone}). It is reminded again for the new date.",
  'task.due.confirm': ':calendar: {task} is now due {date}.',
  'task.due.unchanged': '{task} is already due {date}.',
  'task.due.toExecutor': ':calendar: <@{by}> moved your task {task} from {from} to {date}.',
  'task.due.toApprover':
    ':calendar: <@{by}> moved a task you sign off, {task} (done by <@{executor}>), from {from} to {date}.',
  'task.due.toHelper':
    ':calendar: <@{by}> moved a task you help with, {task} (done by <@{executor}>), from {from} to {date}.',
  'task.error.rescheduleForbidden':
    'Only the person the task is for (<@{user}>){signedOff, select, yes {, the person who signs it off (<@{approver}>)} other {}} or a manager can change its due date.',
  'task.error.cancelComplaint':
    "A complaint's contact cannot be cancelled: its Done records that the customer was contacted.",
  'task.error.rescheduleComplaint':
    "A complaint's contact is due by the complaint's contact target: its due date cannot be changed.",
  'task.error.editForbidden':
    'Only the person the task is for (<@{user}>){planned, select, yes {, the person who planned it (<@{planner}>)} other {}} or a manager can edit this task.',
  'task.error.takenMeanwhile':
    'A colleague (<@{user}>) took this task meanwhile: it is theirs now, no longer waiting for someone.',
  'task.cancel.button': 'Cancel task…',
  'task.cancel.title': 'Cancel task',
  'task.cancel.submit': 'Cancel task',
  'task.cancel.field.reason': 'Why',
  'task.cancel.reason.not_reached': 'Customer not reached',
  'task.cancel.reason.by_hand': 'Not needed (planned by mistake, a duplicate…)',
  'task.cancel.field.note': 'Reason',
  'task.cancel.hint.note':
    'Required when the task is not needed. When the customer was not reached: how you tried (optional).',
  'task.cancel.nothingLogged':
    'No interaction and no satisfaction score are recorded: the task leaves the reminders, the overdue lists and the done and on-time figures.',
  'task.cancel.confirm': ':no_entry_sign: Cancelled: {task}. Nothing was logged on the customer.',
  'task.cancel.confirmNotReached':
    ':no_entry_sign: Closed as customer not reached: {task}. No interaction and no score were recorded.',
  'task.cancel.told.byHand':
    ':no_entry_sign: <@{by}> cancelled {role, select, executor {your task} approver {a task you sign off} other {a task you help with}} {task}{role, select, executor {} other { (done by <@{executor}>)}}: it is not needed.',
  'task.cancel.told.notReached':
    ':no_entry_sign: <@{by}> closed {role, select, executor {your task} approver {a task you sign off} other {a task you help with}} {task}{role, select, executor {} other { (done by <@{executor}>)}}: the customer could not be reached. No score was recorded.',
  'task.cancel.told.note': 'Reason: {note}',
  'task.error.cancelForbidden':
    'Only whoever planned the task{planned, select, yes { (<@{planner}>)} other {}}{signedOff, select, yes {, the person who signs it off (<@{approver}>)} other {}} or a manager of the person it is for (<@{user}>) can cancel it.',
  'task.error.cancelForbiddenField':
    'Only whoever planned the task, the person who signs it off or a manager of its executor can cancel it as not needed.',
  'task.error.notReachedKind':
    "Only a call whose outcome is the customer's answer (a revisit, a survey, a visit…) can be closed as customer not reached.",
  'task.error.cancelled.by_hand': 'This task was cancelled (by <@{user}>): {note}',
  'task.error.cancelled.resolvedUncontacted':
    'This task was closed: the complaint was resolved without reaching the customer.',
  'task.error.cancelled.not_reached':
    'This task was closed (by <@{user}>): the customer could not be reached.',
  'task.edit.button': 'Edit task',
  'task.edit.title': 'Edit task',
  'task.edit.submit': 'Save',
  'task.edit.builtIn':
    'The desk planned this task: its kind, wording and due date are its own (use Change due date to move it). Who does it and who helps can change.',
  'task.edit.confirm': ':pencil2: {task} saved: {fields}.',
  'task.edit.unchanged': 'Nothing changed on {task}.',
  'task.edit.field':
    '{field, select, assigneeId {who does it} helperId {who helps} approverId {approver} dueDate {due date} other {what to do}}',
  'task.edit.toExecutor':
    ':clipboard: <@{by}> handed you a task: {task}, {due}{from, select, none {} other { (from <@{from}>)}}{planner, select, none {} other {, planned by <@{planner}>}}.',
  'task.edit.toOldExecutor':
    ':arrow_right: <@{by}> handed your task {task} over to <@{to}>: it is no longer yours.',
  'task.edit.toApprover':
    ':clipboard: <@{by}> made you the approver of a task: {task}, done by <@{executor}>, {due}{planner, select, none {} other {, planned by <@{planner}>}}.',
  'task.edit.changed': ':pencil2: <@{by}> changed your task {task}: {fields}.',
  'task.edit.toApproverChanged':
    ':pencil2: <@{by}> changed a task you sign off, {task} (done by <@{executor}>): {fields}.',
  'task.edit.toOldApprover':
    ':arrow_right: <@{by}> changed who signs off the task {task}: it is no longer yours to sign off.',
  'task.error.changedMeanwhile': 'Someone changed this task at the same moment; please try again.',
  'task.error.fieldChangedMeanwhile':
    'Someone else changed this since you opened the form: close it and open Edit task again.',
  'task.done.title': 'Record the outcome',
  'task.done.submit': 'Mark done',
  'task.field.solved': 'Is the issue solved?',
  'task.solved.yes': 'Yes, solved',
  'task.solved.no': 'No: reopen the ticket',
  'task.field.satisfaction': 'Satisfaction (1-5)',
  'task.hint.satisfaction': '5 = very satisfied, 1 = very dissatisfied.',
  'task.field.nps': 'Likely to recommend us (0-10)',
  'task.hint.nps': 'The NPS question: 9-10 promoters, 0-6 detractors.',
  'task.field.churnReason': 'Why are they leaving?',
  'task.hint.churnReason':
    'Kept on the customer for the churn reasons in reports. "Not leaving" records no reason.',
  'task.churnReason.staying': 'Not leaving: they stay',
  'task.hint.summary': 'Optional: the answers above are logged as the summary.',
  'task.summary.solved': 'Revisit of {number}: solved. Satisfaction {satisfaction}/5, NPS {nps}.',
  'task.summary.unsolved':
    'Revisit of {number}: NOT solved. Satisfaction {satisfaction}/5, NPS {nps}.',
  'task.error.notFound': 'That task no longer exists.',
  'task.error.forbidden':
    'Only the person the task is for (<@{user}>){signedOff, select, yes {, the person who signs it off (<@{approver}>)} other {}} or a manager can complete it.',
  'task.error.done': 'This task is already done (by <@{user}>).',
  'task.error.cancelled': 'This task was cancelled.',
  'task.error.cancelled.reopened': 'This task was cancelled: its ticket was reopened.',
  'task.error.cancelled.contacted':
    'This task was cancelled: the customer was contacted another way meanwhile.',
  'task.error.cancelled.churned':
    'This task was cancelled: the customer churned, so the care plan no longer owes it.',
  'task.error.cancelled.opted_out':
    'This task was cancelled: every contact of the customer opted out of it, so the care plan no longer owes it.',
  'task.error.cancelled.risk_lifted':
    'This task was cancelled: the churn risk was lifted, so the win-back call is no longer needed.',
  'task.error.cancelled.not_cared':
    'This task was cancelled: the lead is no longer key potential, so the care plan no longer owes it.',
  'task.done.confirm': ':white_check_mark: Done: {task}. Logged as an interaction.',
  'task.done.reopened': 'The issue is not solved, so *{number}* was reopened.',
  'task.done.lateCall':
    ':white_check_mark: *{kind}*: your call is logged on the customer. The task itself was cancelled while you typed: {merged, select, yes {{from} was merged into *{number}*} other {*{number}* was reopened}}.{noted, select, yes { What the customer said is added to *{number}* as a note.} other {}}',
  'task.lateCall.note':
    '{kind} call, {merged, select, yes {logged after {from} was merged into this ticket} other {logged after this ticket was reopened}}: {summary}',
  'task.lateCall.noteFeedback': 'What the customer said: {feedback}',
  'task.done.closedTicket':
    'The issue is not solved, and it is recorded so; *{number}* is closed and cannot be reopened: open a new ticket for what is left.',
  'task.done.contactNotRecorded':
    ':warning: The contact was not recorded on complaint *{number}*: it still shows the customer as not contacted. Tell a manager.',
  'task.done.reopenLater':
    ':warning: The issue is not solved, and it is recorded so; *{number}* could not be reopened just now: the desk will reopen it within a few minutes.',
  'task.error.reopenForbidden':
    '"Not solved" reopens {number}: only this revisit\'s executor or a manager may record it so. Ask one of them to record this revisit (the ticket\'s assignee, or its requester within {days} days of the resolution, may reopen {number} itself). Nothing was saved.',
  'task.error.contactForbidden':
    "Done records the contact on complaint {number}: only this task's executor, the customer's account manager or a manager may record it. Ask one of them to record it. Nothing was saved.",
  'signal.header': 'Customer signals for you today ({count, number})',
  'signal.contract':
    ':date: The contract of {name} ends {days, plural, =0 {today ({date})} one {on {date} (in # day)} other {on {date} (in # days)}}.',
  'signal.contractEnded':
    ':date: Belated: the contract of {name} ended on {date} ({days, plural, one {# day ago} other {# days ago}}); it could not be told in time.',
  'signal.forManager': '{line} _A key customer of <@{owner}>._',
  'signal.tier.forManager': '{line} _Account manager: <@{owner}>._',
  'signal.upsell.forManager':
    '{line} _Account manager: <@{owner}>. Worth meeting the customer with them._',
  'signal.forStandIn': '{line} _Yours: the owner <@{owner}> is not a member of the workspace._',
  'signal.birthday': ':birthday: Today is the birthday of {contact} ({name}).',
  'signal.birthdayOn': ':birthday: {date} is the birthday of {contact} ({name}), a day off.',
  'signal.birthdayWas':
    ':birthday: Belated: {date} was the birthday of {contact} ({name}); it could not be told on time.',
  'signal.churn.inactive':
    ':warning: {name} may churn: no interaction or order for {days, plural, one {# day} other {# days}}. Lifecycle set to churn warning; a win-back call is planned.',
  'signal.churn.competitor':
    ':warning: {name} may churn: a competitor contact is on record. Lifecycle set to churn warning; a win-back call is planned.',
  'signal.churn.falling':
    ':warning: {name} may churn: {recent, plural, one {# order} other {# orders}} in the 3 full months before this one, against {previous, number} in the 3 before those. Lifecycle set to churn warning; a win-back call is planned.',
  'signal.churn.replaces':
    'It replaces the open *{task}* due {date}, now closed: one call to the customer.',
  'signal.tier.up':
    ':arrow_up: Tier review: {name} moves up from {from} to {to}, with {revenue} of purchases in the last 12 months. Its general tickets now get a first response within {hours, number} business hours, and a care contact every {days, plural, one {# day} other {# days}}.',
  'signal.tier.down':
    ':arrow_down: Tier review: {name} moves down from {from} to {to}, with {revenue} of purchases in the last 12 months. Its general tickets now get a first response within {hours, number} business hours, and a care contact every {days, plural, one {# day} other {# days}}.',
  'signal.tier.upNoCare':
    ':arrow_up: Tier review: {name} moves up from {from} to {to}, with {revenue} of purchases in the last 12 months. Its general tickets now get a first response within {hours, number} business hours.',
  'signal.tier.downNoCare':
    ':arrow_down: Tier review: {name} moves down from {from} to {to}, with {revenue} of purchases in the last 12 months. Its general tickets now get a first response within {hours, number} business hours.',
  'signal.upsell':
    ':chart_with_upwards_trend: Upsell: {name} placed {recent, plural, one {# order} other {# orders}} in the 3 full months before this one, up from {previous, number} in the 3 before those.',
  // A report period's name (src/i18n/period.ts periodName): the code, as typed after /desk report.
  'period.week': '{year}-W{n, number, ::integer-width/*00 group-off}',
  'period.month': '{year}-{n, number, ::integer-width/*00 group-off}',
  'period.quarter': '{year}-Q{n, number}',
  'digest.title': 'Weekly KPI digest · {week} ({from} – {to})',
  'digest.text':
    '{title}: {opened, plural, one {# new ticket} other {# new tickets}}, {resolved, number} resolved; {first}, {second}; {churn, plural, one {# churn warning} other {# churn warnings}}',
  'digest.text.response': 'first responses on time: {rate}',
  'digest.text.resolution': 'resolutions within SLA: {rate}',
  'digest.section.tickets': 'Tickets',
  'digest.section.service': 'Service levels',
  'digest.section.satisfaction': 'Satisfaction logged on revisit calls, and follow-up',
  'digest.section.customerSatisfaction': 'Satisfaction from requesters (their own survey)',
  'digest.section.customers': 'Customers',
  'digest.section.agents': 'Per agent',
  'format.valueChange': '{value} {change}',
  'digest.base.answers': '{count, plural, one {of # answer} other {of # answers}}',
  'digest.base.sent': '{count, plural, one {of # survey sent} other {of # surveys sent}}',
  'digest.base.done': '({count, number} done)',
  'digest.base.partOf': '({part, number} of {count, number})',
  'digest.change': '({delta} vs last week)',
  'digest.changePoints': '({delta} pts vs last week)',
  'digest.target': 'target {target}',
  'digest.f.opened': 'Opened',
  'digest.openedByType': 'Opened by type: {list}',
  'digest.f.loggedLate': 'Logged over 1 h after receipt',
  'digest.f.resolved': 'Resolved',
  'digest.f.backlog': 'Backlog at week end',
  'digest.f.overdue': 'Overdue at week end',
  'digest.f.responded': 'First responses',
  'digest.f.responseOnTime': 'First response on time',
  'digest.f.resolvedWithin72h': 'Resolved within 72 h',
  'digest.hoursNote':
    'Resolved within 72 h: 72 hours of business time; 24x7 tickets count around the clock.',
  'digest.f.resolvedWithinSla': 'Resolved within SLA',
  'digest.f.nextReplyOnTime': 'Next replies on time',
  'digest.f.nextReplies': 'Next replies',
  'digest.f.nextRepliesInTime': 'Next replies in time',
  'digest.f.firstContactResolution': 'First-contact resolution',
  'digest.f.medianFirstResponseMinutes':
    'Median first response (business time; 24x7 tickets around the clock)',
  'digest.f.medianResolutionMinutes':
    'Median resolution (business time; 24x7 tickets around the clock)',
  'digest.f.complaints': 'Complaints opened',
  'digest.f.satisfaction': 'Satisfaction (of 100)',
  'digest.f.satisfactionResponses': 'Satisfaction answers',
  'digest.f.verySatisfiedShare': 'Very satisfied',
  'digest.f.nps': 'NPS',
  'digest.f.npsResponses': 'NPS answers',
  'digest.f.customerSatisfaction': 'Satisfaction, survey (of 100)',
  'digest.f.customerSatisfactionResponses': 'Survey satisfaction answers',
  'digest.f.customerNps': 'NPS, survey',
  'digest.f.customerNpsResponses': 'Survey NPS answers',
  'digest.f.surveysSent': 'Surveys sent',
  'digest.f.surveyResponseRate': 'Survey response rate',
  'digest.f.revisitsDue': 'Follow-ups due',
  'digest.f.revisitsOnTime': 'Follow-ups done on time',
  'digest.f.followUpsNotReached': 'Follow-ups closed as customer not reached',
  'digest.f.followUpsMoved': 'Follow-ups moved to a later day',
  'digest.f.tierUps': 'Tier upgrades',
  'digest.f.tierDowns': 'Tier downgrades',
  'digest.f.newCustomers': 'New customers',
  'digest.f.churnWarnings': 'Churn warnings',
  'digest.f.upgradeIntents': 'Upgrade intents handed to sales',
  'digest.f.upgradeIntentsDone': 'Upgrade intents followed up',
  'digest.f.churned': 'Churned',
  'digest.f.retention': 'Retention',
  'digest.f.lowRiskCustomers': 'Low-risk customers',
  'digest.tiers':
    'Customers per tier (buying customers only{prospects, plural, =0 {} one {; # prospect not counted} other {; # prospects not counted}}): strategic {strategic, number} · key {key, number} · normal {normal, number}. Tier changes this week: {ups, number} up, {downs, number} down.',
  'digest.agent': '<@{user}>: {figures}',
  'digest.agent.resolved': '{count, number} resolved',
  'digest.agent.withinSla': '{rate} within SLA',
  'digest.agent.responseOnTime': 'first responses on time {rate}',
  'digest.agent.fcr': 'first-contact resolution {rate}',
  'digest.agent.handling': 'handling time {time}',
  'digest.agent.satisfaction': 'satisfaction {score}',
  'digest.agent.followUps': '{count, plural, one {# follow-up done} other {# follow-ups done}}',
  'digest.loggedLateBy':
    'Tickets logged over 1 h after receipt, by who filed them: {list}{more, plural, =0 {} other { and # more}}.',
  'digest.loggedLateItem': '<@{user}> {count, number}',
  'digest.noAgents': 'No tickets were resolved this week.',
  'digest.section.breaches': 'Tickets past their SLA',
  'digest.breach.ticket': '{ticket} ({customer})',
  'digest.breach.open':
    "{ticket} · open at the week's end, {what, select, response {not answered by its first-response target} reply {{who, select, requester {its requester <@{by}> said it was not solved and reopened it, and the customer had no reply by its target} revisit {its revisit call found it not solved and the desk reopened it, and the customer had no reply by its target} desk {the desk reopened it, and the customer had no reply by its target} staff {<@{by}> reopened it, and the customer had no reply by its target} someone {it was reopened, and the customer had no reply by its target} other {the customer wrote again and had no reply by its target}}} other {past its resolution target}} · {holder, select, none {*unassigned*} other {held by <@{holder}>}}",
  'digest.breach.done':
    '{ticket} · {what, select, response {first response late} resolution {resolved late} other {first response and resolution late}} · {holder, select, none {unassigned} other {held by <@{holder}>}}',
  'digest.breach.none': 'No ticket missed its SLA this week.',
  'digest.breach.more': '…and {count, number} more.',
  'digest.moreAgents': '…and {count, plural, one {# more agent} other {# more agents}}.',
  'digest.notReached':
    '{count, plural, one {# follow-up: customer not reached} other {# follow-ups: customer not reached}}',
  'digest.followUpsMoved':
    '{count, plural, one {# follow-up moved to a later day} other {# follow-ups moved to a later day}}',
  'digest.chartTitle': 'KPI trend up to {week}',
  'help.desk.settings':
    'Edit the workspace settings by group (`/desk settings hours` opens one); `/desk settings history` lists the latest changes',
  'settings.groupChoice': '`{group}` ({label})',
  'settings.unknownGroup': '`{group}` is not a settings group. Try one of: {valid}.',
  'settings.title': 'Desk settings',
  'settings.intro':
    'Pick a group to edit. A saved change applies at once on every instance of the desk and is kept in `/desk settings history`.',
  'settings.edit': 'Edit',
  'settings.saved':
    'Settings saved: *{group}* ({count, plural, one {# field changed} other {# fields changed}}).',
  'settings.unchanged': 'Nothing changed in *{group}*.',
  'settings.recomputed':
    "{count, plural, =0 {No open ticket's SLA clock moved.} one {The SLA clock of # open ticket was computed again.} other {The SLA clocks of # open tickets were computed again.}}",
  'settings.tiersAtReview':
    'Customers keep their tiers until the quarterly tier review on {date}; a customer file created before then, or whose annual purchases change (an order recorded, the figure edited), is tiered by the new thresholds.',
  'settings.group.channels': 'Channels',
  'settings.group.locale': 'Language and time zone',
  'settings.group.hours': 'Business hours',
  'settings.group.holidays': 'Holidays',
  'settings.group.sla': 'SLA targets',
  'settings.group.customers': 'Tiers and care',
  'settings.group.signals': 'Customer signals',
  'settings.group.digest': 'Weekly digest',
  'settings.group.quiet': 'Quiet hours',
  'settings.about.channels': 'Triage, escalation, alerts and digest channels',
  'settings.about.locale': 'The desk language and the time zone every clock uses',
  'settings.about.hours': 'Working days, windows a day, 24x7 for urgent tickets',
  'settings.about.holidays': "Holidays and make-up working days; load China's statutory holidays",
  'settings.about.sla': 'First response by severity and tier, resolution, warnings, escalation',
  'settings.about.customers': 'Tier thresholds, care cadence per tier and by segment, revisit days',
  'settings.about.signals': 'Churn, upsell and contract notice parameters',
  'settings.about.digest': 'Weekday, time and targets of the weekly digest and the reports',
  'settings.about.quiet': 'A daily window in which non-urgent DMs, reminders and alerts wait',
  'settings.locale.en': 'English',
  'settings.locale.zh-CN': '简体中文 (Simplified Chinese)',
  'settings.weekday.1': 'Monday',
  'settings.weekday.2': 'Tuesday',
  'settings.weekday.3': 'Wednesday',
  'settings.weekday.4': 'Thursday',
  'settings.weekday.5': 'Friday',
  'settings.weekday.6': 'Saturday',
  'settings.weekday.7': 'Sunday',
  'settings.field.channel_triage': 'Triage channel (new ticket cards)',
  'settings.field.channel_escalation': 'Escalation channel (else alerts)',
  'settings.field.channel_alerts': 'SLA alerts channel (else triage)',
  'settings.field.channel_digest': 'Weekly digest channel',
  'settings.field.locale': 'Language',
  'settings.field.time_zone': 'Time zone (IANA)',
  'settings.field.working_days': 'Working days',
  'settings.field.windows': 'Business hours each working day',
  'settings.field.urgent_24x7': 'Urgent tickets count around the clock (24x7)',
  'settings.field.holidays': 'Holidays (one date or range a line)',
  'settings.field.extra_workdays': 'Extra working days, e.g. make-up Saturdays (one date a line)',
  'settings.field.resp_urgent_strategic': 'First response: urgent × strategic (hours)',
  'settings.field.resp_urgent_key': 'First response: urgent × key (hours)',
  'settings.field.resp_urgent_normal': 'First response: urgent × normal (hours)',
  'settings.field.resp_important_strategic': 'First response: important × strategic (hours)',
  'settings.field.resp_important_key': 'First response: important × key (hours)',
  'settings.field.resp_important_normal': 'First response: important × normal (hours)',
  'settings.field.resp_general_strategic': 'First response: general × strategic (hours)',
  'settings.field.resp_general_key': 'First response: general × key (hours)',
  'settings.field.resp_general_normal': 'First response: general × normal (hours)',
  // A change saved when one resolution target applied to every severity, in the history.
  'settings.field.resolution': 'Resolution target, every severity (hours)',
  'settings.field.resolution_urgent': 'Resolution: urgent (hours)',
  'settings.field.resolution_important': 'Resolution: important (hours)',
  'settings.field.resolution_general': 'Resolution: general (hours)',
  'settings.hint.resolution_urgent':
    'For every type but complaints, which are resolved within their urgency’s target (Complaints).',
  'settings.field.warn_at': 'Warn when this share of a target is used (%)',
  'settings.field.auto_escalate': 'Escalate automatically on breach',
  'settings.field.l3_after': 'L2 -> L3 after (hours)',
  'settings.field.urgent_breaches': 'Urgent breaches are sent at any time',
  'settings.field.progress_note_hours':
    'Draft a progress note for the requester every … hours (0: never)',
  'settings.field.tier_strategic': 'Strategic from annual purchases of (CNY)',
  'settings.field.tier_key': 'Key from annual purchases of (CNY)',
  'settings.field.cadence_strategic': 'Care every … days: strategic',
  'settings.field.cadence_key': 'Care every … days: key',
  'settings.field.cadence_normal': 'Care every … days: normal',
  'settings.field.segment_tiers': 'Care by segment for the tiers',
  'settings.field.segment_vip_visit': 'Visit a VIP every … days',
  'settings.field.segment_potential_call': 'Call a potential customer every … days',
  'settings.field.segment_stable_call': 'Call a stable customer every … days',
  'settings.hint.segment_tiers':
    "Customers of these tiers get the visits and calls below (VIP, potential, stable); the others get their tier's care cadence.",
  'settings.field.revisit_days': 'Revisits after resolution (days)',
  'settings.field.churn_days': 'Churn risk after … days without contact or order',
  'settings.field.upsell_growth': 'Upsell signal at order growth of (%)',
  'settings.field.upsell_min_orders': 'Upsell needs at least … orders in the 3 full months before',
  'settings.field.contract_notice_days': 'Tell the owner … days before a contract ends',
  'settings.field.upgrade_intent_days':
    'Upgrade intent: account manager contacts within … working days',
  'settings.field.digest_weekday': 'Digest day',
  'settings.field.digest_time': 'Digest time',
  'settings.field.target_response': 'Target: first response on time (%)',
  'settings.field.target_72h': 'Target: resolved within 72 h (%)',
  'settings.hint.target_72h': 'Hours of business time; 24x7 tickets count around the clock.',
  'settings.field.target_fcr': 'Target: first-contact resolution (%)',
  'settings.field.target_satisfaction': 'Target: satisfaction (0-100)',
  'settings.field.target_nps': 'Target: NPS (-100 to 100)',
  'settings.field.target_very_satisfied': 'Target: very satisfied (%)',
  'settings.field.quiet_enabled': 'Quiet hours on',
  'settings.field.quiet_start': 'Quiet from',
  'settings.field.quiet_end': 'Quiet until',
  'settings.hint.time_zone':
    "An IANA name such as Asia/Shanghai or Europe/Berlin. A change counts every open ticket's due times again on the new zone from when it was received, the time already run included: one may gain or lose time, or be overdue at once.",
  'settings.hint.windows': 'One or more windows, e.g. 09:00-12:00, 13:00-18:00.',
  'settings.hint.holidays':
    'Dates as YYYY-MM-DD, a range as 2026-10-01~2026-10-07. Saving moves the SLA clocks of open tickets.',
  'settings.hint.sla':
    'Targets, L2 -> L3 and progress notes in hours of business time (4, 1.5 or 90min). An urgent ticket counts them around the clock when urgent tickets count 24x7 (Business hours). A target applies to tickets opened after the change; open tickets keep theirs.',
  'settings.hint.quiet':
    'In the workspace time zone; the window may span midnight (22:00 to 08:00). Urgent tickets are never held.',
  'settings.holidays.load': 'Load public holidays of {year}',
  'settings.holidays.loaded':
    "Added China's {year} statutory holidays ({holidays, plural, one {# day} other {# days}}) and make-up working days ({workdays, plural, one {# day} other {# days}}). Save to keep them.",
  'settings.holidays.full':
    "China's {year} holidays were not added: a list holds at most {max} dates. Remove past years' dates first, then load again.",
  'settings.holidays.none':
    'No statutory holidays of {year} are known to the installed chinese-days package yet (the State Council publishes them late in the year). Update the package, or type the dates.',
  'settings.error.duration': 'Enter hours of business time, e.g. 4, 1.5 or 90min.',
  'settings.error.whole': 'Enter a whole number from {min} to {max}.',
  'settings.error.percent': 'Enter a percentage from {min} to {max}, e.g. 75.',
  'settings.error.timeZone': 'Enter an IANA time zone such as Asia/Shanghai.',
  'settings.error.channel': 'Pick a channel.',
  'settings.error.customerChannel':
    'This is the customer channel of {customer} ({code}): the desk’s cards and notes would show there. Pick a team channel, or unlink it first (/desk channel unlink there).',
  'settings.error.channelShared':
    'This channel is shared with another organisation (Slack Connect), or an invitation to share it is pending: the desk’s cards, alerts and reports would show there. Pick a channel of your team only.',
  'settings.error.channelCleared':
    'The desk stopped using this channel because it is shared with another organisation, and Slack did not confirm that it no longer is. Try again in a moment, or pick a channel of your team only.',
  'settings.error.itemChangedMeanwhile':
    'Someone else changed “{item}” here since you opened the form, differently: close it and open it again to see their change, then make yours.',
  'settings.error.changedMeanwhile':
    'Someone else changed this since you opened the form: close it and open it again to see their change, then make yours.',
  // A customer owner the daily owners' check finds is not a member of the workspace (a guest, or
  // of another organisation): the staff admins told once, to give those customers another owner.
  'tasks.ownerAway':
    ':warning: Slack says <@{owner}> {why, select, external {is of another organisation (Slack Connect)} other {is a guest of the workspace}}, yet they own {count, plural, one {# customer} other {# customers}}. The desk no longer gives them those customers’ work: {stands, select, yes {<@{standIn}> stands in for them} other {nobody stands in for them (the desk has no manager or admin of its own)}}. Give those customers another owner with *Edit* on each customer, or move them all with `/desk handover`.',
  'settings.externalHolder':
    ':warning: Slack says <@{user}> is of another organisation (Slack Connect), yet `/desk roles` names them ({roles}): they were given the role before the desk checked this. The desk no longer hands them tickets or tasks, counts them in no role and sends them none of its staff messages. Take them off those lists in `/desk roles`, and move what they still hold with `/desk handover`. If they are one of your own people, check with your Slack admin how their account is shared.',
  'settings.sharedCleared':
    ':warning: {channel} is now shared with another organisation (Slack Connect), so the desk no longer uses it as its {roles}: its cards, alerts and figures would show to people outside your team there. Pick a channel of your team only in *Settings* → *Channels* (`/desk settings`).',
  'settings.maybeSharedCleared':
    ':warning: {channel} was just shared, and Slack did not say in time whether with another organisation (Slack Connect) or only among your own organisation’s workspaces. To be safe, the desk no longer uses it as its {roles}: its cards, alerts and figures could show to people outside your team there. If it is shared only within your organisation, you can pick it again in *Settings* → *Channels* (`/desk settings`); else pick a channel of your team only there.',
  'settings.customerCleared':
    ':warning: {channel} is a customer’s channel (linked with `/desk channel link`), so the desk does not use it as its {roles}: its cards, alerts and figures would show to the customer there. Pick a channel of your team only in *Settings* → *Channels* (`/desk settings`).',
  'settings.sharedCleared.role.triage': 'triage channel',
  'settings.sharedCleared.role.escalation': 'escalation channel',
  'settings.sharedCleared.role.alerts': 'SLA alerts channel',
  'settings.sharedCleared.role.digest': 'digest channel',
  'settings.error.channelNotMember':
    'The app is not a member of this private channel, so it cannot post there. Invite the app first (/invite @Care Desk in the channel), then save again.',
  'settings.error.weekdays': 'Pick at least one working day.',
  'settings.error.tiers': 'Pick tiers from the list.',
  'settings.error.dateRange':
    '“{value}” is not a range of dates: write its first and last day, as 2026-10-01~2026-10-07 (at most {max} days).',
  'settings.error.dates':
    '{count, plural, one {“{value}” is not a date} other {# entries are not dates ({value}{count, select, 1 {} 2 {} 3 {} 4 {} 5 {} other {, …}})}}: write dates as YYYY-MM-DD.',
  'settings.error.tooManyDates': "At most {max} dates: remove past years' dates.",
  'settings.error.window': '“{value}” is not a window: write 09:00-18:00 (start before end).',
  'settings.error.windows': 'Give one to six windows, e.g. 09:00-12:00, 13:00-18:00.',
  'settings.error.windowsOverlap': 'The windows overlap.',
  'settings.error.dayList': 'Enter up to ten days from 1 to 365, e.g. 3, 7, 30.',
  'settings.error.bothHoliday':
    '{date} is also in the extra working days: a day is one or the other.',
  'settings.error.slaOrderLess':
    'Shorter than the target of {more, select, urgent {an urgent} other {an important}} ticket of this tier ({hours} h): a more severe ticket must be answered at least as fast. Lengthen this one or shorten that one.',
  'settings.error.tierOrderStrategic': 'The strategic threshold must be above the key one.',
  'settings.error.quietEmptyStart': 'Quiet hours must start at another time than they end.',
  'settings.error.valueClassOrderVip': 'VIP must start above high-value.',
  'settings.error.both': '{date} is also in the holidays: a day is one or the other.',
  'settings.error.complaintContactOrder':
    'Longer than the contact target of {less, select, urgent {an urgent} other {a general}} complaint ({hours} h): a more urgent complaint must be contacted at least as fast. Shorten this one or lengthen that one.',
  'settings.error.complaintContactOrderLess':
    'Shorter than the contact target of {more, select, critical {a critical} other {an urgent}} complaint ({hours} h): a more urgent complaint must be contacted at least as fast. Lengthen this one or shorten that one.',
  'settings.error.complaintResolutionOrder':
    'Longer than the resolution target of {less, select, urgent {an urgent} other {a general}} complaint ({hours} h): a more urgent complaint must be resolved at least as fast. Shorten this one or lengthen that one.',
  'settings.error.complaintResolutionOrderLess':
    'Shorter than the resolution target of {more, select, critical {a critical} other {an urgent}} complaint ({hours} h): a more urgent complaint must be resolved at least as fast. Lengthen this one or shorten that one.',
  'settings.error.resolutionOrder':
    'Longer than the resolution target of {less, select, important {an important} other {a general}} ticket ({hours} h): a more severe ticket must be resolved at least as fast. Shorten this one or lengthen that one.',
  'settings.error.resolutionOrderLess':
    'Shorter than the resolution target of {more, select, urgent {an urgent} other {an important}} ticket ({hours} h): a more severe ticket must be resolved at least as fast. Lengthen this one or shorten that one.',
  'settings.error.slaOrder':
    'Longer than the target of {less, select, important {an important} other {a general}} ticket of this tier ({hours} h): a more severe ticket must be answered at least as fast. Shorten this one or lengthen that one.',
  'settings.error.tierOrder': 'The key threshold must be below the strategic one.',
  'settings.error.quietEmpty': 'Quiet hours must end at another time than they start.',
  'settings.history.title': 'Settings changes',
  'settings.history.empty': 'No settings have been changed in Slack yet.',
  'settings.history.entry': '*{group}* · {at} · {who}',
  'settings.history.operator': 'the operator, from the command line',
  'settings.history.desk': 'Care Desk itself (a channel it may no longer use)',
  'settings.history.change': '{field}: {old} → {new}',
  'settings.history.listMore': '{list} and {count, number} more',
  'settings.history.listAdded': '{field}: added {added}',
  'settings.history.listRemoved': '{field}: removed {removed}',
  'settings.history.listChanged': '{field}: removed {removed}; added {added}',
  'settings.history.replies': '{field}: {changes}',
  'settings.history.replyAdded': 'added: “{title}”',
  'settings.history.replyRemoved': 'removed: “{title}”',
  'settings.history.replyChanged': 'changed: “{title}”',
  'settings.history.replyOrder': 'order changed',
  'settings.history.replyRenamed': 'renamed: “{from}” → “{to}”',
  'settings.history.blank': '(none)',
  'settings.history.more':
    '…and {count, plural, one {# earlier change} other {# earlier changes}}.',
  'digest.chart.title': 'Key rates, {count, plural, one {# week} other {# weeks}} to {week}',
  'digest.chart.subtitle':
    'Weekly, in % (satisfaction: score of 100); dotted grey lines are targets',
  'digest.chart.week': 'W{n}',
  'digest.chart.target': 'Target {value}',
  'digest.chart.legend': '{name} · target {target}',
  'digest.chart.listSeparator': ', ',
  'digest.chartAlt':
    'Line chart of {count, plural, one {# week} other {# weeks}} to {week}. Latest week: {latest}.',
  'digest.chart.altItem': '{name} {value} (target {target})',
  'digest.chart.altNoValue': '{name} no data (target {target})',
  'digest.chartLater':
    'The trend chart comes once there are two weeks of figures (weeks with figures so far: {count, number}).',
  'digest.chartNone':
    'No trend chart this week: none of the last {weeks, number} weeks has figures to draw.',
  'digest.newDesk':
    'New desk: it began serving this workspace on {since}, after last week began, so no change from last week is shown.',
  // Complaints and demand follow-up (#12, #11)
  'complaint.urgency.general': 'General (一般)',
  'complaint.urgency.urgent': 'Urgent (紧急)',
  'complaint.urgency.critical': 'Critical (特急)',
  'complaint.rootCause.product': 'Product quality',
  'complaint.rootCause.service': 'Service attitude or skill',
  'complaint.rootCause.delivery': 'Delivery or logistics',
  'complaint.rootCause.billing': 'Price or billing',
  'complaint.rootCause.communication': 'Communication or expectations',
  'complaint.rootCause.other': 'Other',
  'complaint.button.contacted': 'Customer contacted',
  'complaint.dm.accountManager':
    ':telephone_receiver: {urgency} complaint {number} from your customer {customer}: {title}\nYou are assigned to contact the customer by {due}. Record when and how with *Customer contacted*.',
  'complaint.dm.managers':
    ':warning: New {urgency} complaint {number} from {customer}: {title}\n<@{user}> contacts the customer by {contactDue}; resolution due {resolutionDue}.',
  'complaint.dm.urgencyChanged':
    ':information_source: Complaint {number} from {customer} ({title}) is now {urgency}, was {was}: <@{by}> changed it with *Classify…*.\nContact due {contactDue}; resolution due {resolutionDue}.',
  'complaint.page': ':rotating_light: *Critical complaint*',
  'complaint.classifiedBy': 'Set by <@{user}> with *Classify…* on the ticket.',
  'complaint.repeat':
    ':repeat: Repeat complaint: {count, plural, one {# other complaint} other {# other complaints}} from this customer in 90 days ({numbers}).',
  'ticket.field.complaintUrgency': 'Complaint urgency',
  'ticket.hint.complaintUrgency':
    'Used for complaints only: sets the contact and resolution targets. The severity is the stricter of the one picked and the urgency’s (urgent: important, critical: urgent).',
  'ticket.field.contact': 'Customer contacted',
  'ticket.field.rootCause': 'Root cause',
  'ticket.field.rootCauseText': 'Root cause details',
  'ticket.field.correctiveAction': 'Corrective action',
  'ticket.placeholder.correctiveAction': 'What was changed so this does not happen again',
  'ticket.field.plan': 'Plan and dates',
  'ticket.field.planSummary': 'Plan',
  'ticket.field.planDates': 'Dates',
  'ticket.placeholder.planDates': 'e.g. proposal by 12-05, delivery by 12-20',
  'ticket.button.plan': 'Plan and dates',
  'ticket.modal.planTitle': 'Plan {number}',
  'ticket.modal.planSubmit': 'Save plan',
  'ticket.card.stepDue': 'due {due}',
  'ticket.card.stepOverdue': ':warning: overdue since {due}',
  'ticket.card.contacted': '{when} by <@{user}> ({via}){late}',
  'ticket.card.planned': '{when}: {dates}{late}',
  'ticket.card.contactWaived':
    'not owed: the customer was erased at their request, so the desk no longer contacts them',
  'ticket.card.late': ' · late',
  'ticket.error.notComplaint': '{number} is not a complaint.',
  'ticket.error.notDemand': '{number} is not a demand.',
  'ticket.error.contactedAlready':
    'The customer of {number} was already contacted (recorded by <@{user}>).',
  'ticket.event.contact': '<@{by}> contacted the customer: {text}',
  'ticket.field.uncontactedReason': 'Why resolve without reaching the customer',
  'ticket.hint.uncontactedReason':
    'The customer could not be reached. As a complaint manager you may resolve it without the contact; say why (kept on the card).',
  'ticket.event.contactNotReached':
    '<@{by}> tried to contact the customer and could not reach them: {text}',
  'ticket.card.notReached':
    'not reached: {count, plural, one {# attempt} other {# attempts}}, the last {when} by <@{user}> · {due}',
  'ticket.card.resolvedUncontacted': 'not reached; resolved without it by <@{user}>: {reason}',
  'ticket.event.plan': '<@{by}> gave the plan and dates: {text}',
  'ticket.button.classify': 'Classify…',
  'ticket.modal.classifyTitle': 'Classify {number}',
  'ticket.modal.classifySubmit': 'Save',
  'ticket.hint.classify':
    'The targets are counted again from when the ticket was received: first response, resolution, a complaint’s contact, a demand’s plan.',
  'ticket.wait.error.customerLeft':
    '{customer}’s organisation left the Slack Connect channel where this ticket talks with them (disconnected): a question there would reach nobody and the ticket would wait for good, so it cannot wait on them. Reach the customer another way (phone, email), record what they say with Customer wrote…, and keep working the ticket.',
  'ticket.wait.error.requesterErased':
    "The requester's personal data was erased, so nobody is left to answer a question or to be waited on: keep working the ticket, or resolve it.",
  'ticket.classify.error.unchanged': 'The ticket is already of this type and severity.',
  'ticket.modal.resolveContactWaived':
    'The customer was erased at their request, so the desk no longer contacts them: this complaint is resolved without the customer contact.',
  'ticket.resolve.error.notContacted':
    'The customer has not been contacted about this complaint yet: the account manager (or whoever holds the complaint’s contact task) records it with Customer contacted first, then it can be resolved.',
  'ticket.classify.error.complaintStays':
    'A complaint stays a complaint (its contact step and root cause are owed): change its urgency or severity instead.',
  'ticket.event.retarget':
    'The customer’s tier moved up: its tickets now have the {tier} tier’s first-response target, which is stricter, so the first response is due within {target} of receipt (was {was}).',
  'ticket.event.retargetPotential':
    'The customer is a key potential customer: its tickets now have the {tier} tier’s first-response target, which is stricter, so the first response is due within {target} of receipt (was {was}).',
  'ticket.event.classify':
    '<@{by}> classified it: {type}, {severity}{urgency, select, none {} other { (complaint urgency {urgency})}}. First response within {target}.{plan, select, dropped { No plan and dates are owed any more: it is no longer a demand.} other {}}',
  'alert.contactBreach':
    ':rotating_light: *{number}* {title} · {customer}: the account manager has not contacted the customer by the complaint target{hasDue, select, yes { ({due})} other {}}',
  'alert.contactBreachYou':
    ':rotating_light: *{number}* {title} · {customer}: you have not contacted the customer by the complaint target{hasDue, select, yes { ({due})} other {}}',
  'alert.contactBreachHolder':
    ':rotating_light: *{number}* {title} · {customer}: the customer has not been contacted by the complaint target{hasDue, select, yes { ({due})} other {}}, and the contact step is yours: contact them, then record it with Customer contacted',
  'alert.planBreach':
    ':rotating_light: *{number}* {title} · {customer}: no plan and dates given by the demand target{hasDue, select, yes { ({due})} other {}}',
  'task.kind.complaint_contact': 'Complaint contact',
  'task.what.complaint_contact':
    'Contact the customer about the complaint and record when and how.',
  'task.field.contactedDate': 'Contacted or tried on',
  'task.field.doneDate': 'Done on',
  'task.error.doneBeforePlanned':
    'The task was planned on {planned}: it cannot have been done before.',
  'task.field.contactOutcome': 'Did you reach the customer?',
  'task.contactOutcome.reached': 'Reached',
  'task.contactOutcome.notReached': 'Tried, could not reach',
  'task.attempt.toExecutor':
    ':telephone_receiver: <@{by}> tried to contact the customer of complaint *{number}* ({via}, {when}) and could not reach them: the contact is still owed. Your task {task} stays open, due {due}.',
  'task.done.notReached':
    'Attempt recorded on complaint *{number}*: the customer was not reached, so the contact is still owed. The contact task stays open, due {due}, and you will be reminded of it.',
  'task.field.contactedTime': 'Contacted or tried at ({timeZone})',
  'task.error.contactInFuture':
    'This time is later than now ({now}): when was the customer contacted, or tried?',
  'task.error.contactBeforeReceived':
    'This is before the complaint was received ({received}): when was the customer contacted, or tried, after it?',
  'settings.field.vip_min': 'VIP from annual purchases of (CNY)',
  'settings.field.vip_years': 'VIP after … years of cooperation',
  'settings.field.high_value_min': 'High-value from annual purchases of (CNY)',
  'settings.field.order_fall':
    'Churn signal when orders fall by (%, the 3 full months before this one vs the 3 before those)',
  'settings.error.valueClassOrder': 'High-value must start below VIP.',
  'settings.group.privacy': 'Personal data',
  'settings.about.privacy':
    'How long typed text and interactions are kept; the data after an uninstall',
  'settings.hint.retention_days':
    'Their cards in the triage channel are shown again without the words, and the desk edits what it posted about them: the lines under the cards (notes, resolutions, questions to the customer, escalation reasons, SLA alerts), the escalation channel’s posts, the SLA alert lists and DMs, its DMs to the assignees, account managers, managers and followers and those about their tasks, and its notices to the requesters (their DMs and their channel’s thread, each to a line naming their ticket, its buttons gone). Messages posted before this version of the desk and Slack’s own copies (notifications, search) keep their words in Slack: delete them there if they must go.',
  'settings.field.retention_days':
    'Anonymise closed tickets, interactions and done or cancelled tasks after … days (0: keep)',
  'settings.field.erase_on_uninstall': 'Erase this workspace’s data when the app is uninstalled',
  'settings.group.complaints': 'Complaints and demands',
  'settings.about.complaints':
    'Contact and resolution targets per complaint urgency; demand plan days',
  'settings.hint.complaints':
    'Contact and resolution targets in hours of business time (4, 1.5 or 90min). A complaint whose severity is urgent counts them around the clock when urgent tickets count 24x7 (Business hours).',
  'settings.field.complaint_contact_general': 'Contact the customer: general complaint (hours)',
  'settings.field.complaint_contact_urgent': 'Contact the customer: urgent complaint (hours)',
  'settings.field.complaint_contact_critical': 'Contact the customer: critical complaint (hours)',
  'settings.field.complaint_resolution_general': 'Resolve: general complaint (hours)',
  'settings.field.complaint_resolution_urgent': 'Resolve: urgent complaint (hours)',
  'settings.field.complaint_resolution_critical': 'Resolve: critical complaint (hours)',
  'settings.field.demand_plan_days': 'Demand: plan and dates within (working days)',
  'digest.section.complaints': 'Complaints',
  'digest.f.complaintRate': 'Complaints per customer served',
  'digest.f.complaintsPer100': 'Complaints per 100 tickets',
  'digest.f.openComplaints': 'Open complaints',
  'digest.f.complaintBreaches': 'Complaint targets missed',
  'digest.f.complaintsNotReached': 'Complaint contacts missed, customer not reached after trying',
  'digest.f.repeatComplaints': 'Repeat complaints (90 days)',
  'help.desk.channel':
    'Link this channel to a customer (Slack Connect too), choose how its messages become tickets, or unlink it',
  'channel.reaction.erasedAuthor':
    'This message is from before its author’s personal data was erased from the desk, so it is not made into a ticket. If they still need help, ask them to write again.',
  'channel.reaction.erasedCustomer':
    'This message’s customer was erased from the desk while its ticket was being made, so it is not made into a ticket. Ask an admin before filing anything more for them.',
  'channel.usage':
    'Usage: `/desk channel link &lt;customer code&gt; [all | emoji [:name:] | shortcut]` in the channel, `/desk channel unlink`, or `/desk channel` to see its link.',
  'channel.unshared.agentDm':
    ':warning: {customer}’s organisation left {channel} at {at} (Slack Connect disconnected): nobody of theirs can read or answer there any more. Your open {count, plural, one {ticket} other {tickets}} from that channel: {tickets}.{waiting, plural, =0 {} one { The one that waited on the customer is back in progress: its SLA clock runs again from the disconnect.} other { The # that waited on the customer are back in progress: their SLA clocks run again from the disconnect.}} Reach the customer another way (phone, email) and record what they say with *Customer wrote…*; the desk posts nothing more in that channel until it is shared with them again.',
  'channel.unshared.adminDm':
    ':warning: {customer}’s organisation left {channel} at {at} (Slack Connect disconnected): the channel is linked to their file (`{code}`), and nobody of theirs can read or answer there any more, so the desk posts nothing more there.{open, plural, =0 {} one { The agent of its open ticket is told to reach the customer another way.} other { The agents of its # open tickets are told to reach the customer another way.}}{waiting, plural, =0 {} one { The ticket that waited on the customer is back in progress (its SLA clock runs again).} other { The # tickets that waited on the customer are back in progress (their SLA clocks run again).}} To resume, share the channel with their organisation again: the link comes back by itself. Or link another channel of theirs with `/desk channel link {code}` there.',
  'channel.show.disconnected':
    ':warning: Their organisation left this channel at {at} (Slack Connect disconnected): the desk posts nothing here until it is shared with them again.',
  'channel.show':
    '<#{channel}> is the customer channel of *{customer}* (`{code}`){shared}. {intake}',
  'channel.show.none':
    '<#{channel}> is not linked to a customer. Link it with `/desk channel link &lt;customer code&gt;`.',
  'channel.shared': ', shared with their organisation (Slack Connect)',
  'channel.linked':
    ":white_check_mark: <#{channel}> is now the customer channel of *{customer}* (`{code}`){shared}. {intake} Agents answer in the message's thread; the ticket's card and notes stay in the triage channel.",
  'channel.alreadyLinked':
    ':white_check_mark: <#{channel}> is already the customer channel of *{customer}* (`{code}`){shared}. {intake}',
  'channel.didYouMean.match': '{code} ({name})',
  'channel.error.didYouMean':
    'No customer has the code {text}; by name: {matches}{more, plural, =0 {} one { and # more} other { and # more}}. Run `/desk channel link` with the code, e.g. `/desk channel link C2026001`.',
  'channel.unlinked':
    '<#{channel}> is no longer linked to *{customer}*: its messages open no tickets. Tickets already opened keep their thread.',
  'channel.unlinkedShared':
    '<#{channel}> is no longer linked to *{customer}*: its messages open no tickets. It is still shared with another organisation, so the desk’s own messages do not go there, and the notices and surveys of tickets opened there before it was shared go to their requesters by DM; tickets opened while it was shared keep their thread.',
  'channel.intake.all':
    'Every new message from a customer user opens a ticket (their further messages within {minutes, plural, one {# minute} other {# minutes}} join it).',
  'channel.intake.emoji': 'A message marked with :{emoji}: by anyone opens a ticket.',
  'channel.intake.shortcut': 'Tickets are opened with the *Create ticket* message shortcut only.',
  'channel.notMember':
    'I am not a member of <#{channel}>, so I cannot read its messages and it is not linked. Invite me first (`/invite @Care Desk`), then link it again.',
  'channel.ownChannel':
    "<#{channel}> is one of the desk's own channels (*Settings* → *Channels*): its messages are the team's, not a customer's. Run `/desk channel link` in the customer's channel.",
  'channel.direct':
    "A direct message cannot be a customer channel. Run `/desk channel link` in the customer's channel (invite the app there first).",
  'channel.error.own':
    "This is one of the desk's own channels (Settings → Channels): its messages are the team's, not a customer's. Pick the customer's channel.",
  'channel.error.direct':
    "A direct message cannot be a customer channel. Pick the customer's channel.",
  'channel.badIntake':
    '`{word}` is not an intake mode. Use `all`, `emoji` (with an emoji name, e.g. `emoji :ticket:`) or `shortcut`.',
  'channel.error.notLinked': 'This channel is not linked to a customer.',
  'channel.note.deleted':
    'The customer deleted their message in the channel (its text stays in the description).',
  'channel.description.edited': 'Edited by the customer:',
  'channel.description.deleted': '(The customer deleted this message in the channel.)',
  'channel.description.followsUp':
    'Follows up {number}, resolved more than 7 days ago: a new ticket in the same thread.',
  'channel.description.followsUpMerged':
    'Follows up {number}, merged into another ticket: a new ticket in the same thread.',
  'channel.description.followsUpClosed':
    'Follows up {number}, which is closed: a new ticket in the same thread.',
  'channel.description.undescribedWriter':
    'Written in the thread by someone other than the requester whom Slack never described (a colleague or a guest): the card’s thread names them.',
  'channel.button': 'Link a channel',
  'channel.modal.title': 'Customer channel',
  'channel.modal.submit': 'Link',
  'channel.modal.channel': 'Channel (invite the app first)',
  'channel.modal.intake': 'Which messages open tickets',
  'channel.modal.emoji': 'Emoji (for marked messages)',
  'channel.intake.option.all': 'Every new customer message',
  'channel.intake.option.emoji': 'Messages marked with the emoji',
  'channel.intake.option.shortcut': 'Only the message shortcut',
  'channel.error.emoji': 'Type an emoji name, e.g. ticket or :ticket:.',
  'channel.note.followedBy':
    '{status, select, closed {The customer wrote again in the thread of this closed ticket} other {The customer wrote again in this thread more than 7 days after the resolution}}: {number} was opened for it.',
  'channel.note.followedByUndescribed':
    '{status, select, closed {Someone other than the requester, whom Slack never described (a colleague or a guest), wrote in the thread of this closed ticket} other {Someone other than the requester, whom Slack never described (a colleague or a guest), wrote in this thread more than 7 days after the resolution}}: {number} was opened for it, and its card’s thread names them.',
  'channel.eventDead':
    'A {type, select, reaction_added {reaction} other {message}} in <#{channel}> could not be handled after {attempts, plural, one {# attempt} other {# attempts}}, so it may not have opened or updated a ticket: please look at the channel. Reference `{ref}` (the logs have the error).',
  'help.desk.report':
    'A report of a past week, month or quarter, sent to you (managers only): `/desk report month 2026-10`',
  'report.forbidden': 'Only managers and admins of the desk can read reports.',
  'report.forbiddenAsk':
    'Only managers and admins of the desk can read reports: ask {admins} to make you a manager in `/desk roles`.',
  'report.badPeriod':
    '“{text}” is not a report period. Use `week`, `month` or `quarter`, optionally with a period such as `2026-W44`, `2026-10` or `2026-Q3`.',
  'report.badPeriodOf':
    '“{period}” is not {kind, select, week {a week: write one as `2026-W44` (weeks 1 to 52 or 53, Monday to Sunday)} month {a month: write one as `2026-10`} other {a quarter: write one as `2026-Q3`}}.',
  'report.usage':
    'Say which report: `/desk report week`, `/desk report month` or `/desk report quarter` (the last full one), or with a period such as `2026-W44`, `2026-10` or `2026-Q3`.',
  'report.notEnded':
    'The {name} report is available once the period has ended. The last full one is {lastName}: `/desk report {kind} {last}`.',
  'report.beforeDesk':
    'There is no {name} report: the desk began serving this workspace on {since}, after that {kind, select, week {week} month {month} other {quarter}} ended. {ended, select, yes {The first one it can report is {firstName}: `/desk report {kind} {first}`.} other {The first one it can report is {firstName}, once it has ended.}}',
  'report.sent': 'The {period} report is in your direct messages from the desk.',
  'report.title.week': 'Weekly report · {period} ({from} – {to})',
  'report.title.month': 'Monthly report · {period} ({from} – {to})',
  'report.title.quarter': 'Quarterly review · {period} ({from} – {to})',
  'report.section.service': 'Tickets, service and satisfaction',
  'report.section.customers': 'Customers and revenue',
  'report.section.tiers':
    'Per tier (buying customers only{prospects, plural, =0 {} one {; # prospect not counted} other {; # prospects not counted}})',
  'report.section.owners': 'Per owner',
  'report.section.agents': 'Per agent',
  'report.section.tierMoves':
    '{count, plural, =0 {Tier moves {when}} one {Tier moves {when}: # customer} other {Tier moves {when}: # customers}}',
  'report.tierMovesWhen':
    '{period, select, week {in the week} month {in the month} other {in the quarter}}',
  'report.tierMove': '{name}: {from} → {to}',
  'report.tierMoveOverride': "set by a manager's override, not by its purchases",
  'report.tierMoveOverrideWhy': "set by a manager's override, not by its purchases: “{reason}”",
  'report.tierMoveOverrideLifted': "a manager's override taken away",
  'report.tierMoveAnnualPurchases': 'annual purchases {revenue}',
  'report.section.heldTiers':
    '{count, plural, one {Tiers held by an override: # customer} other {Tiers held by an override: # customers}}',
  'report.heldTier': '{name}: {tier}, its purchases give {computed} · set by {user} on {date}',
  'report.noTierMoves': 'No customer changed tier {when}.',
  'report.tierMovesMore': '…and {count, number} more.',
  'report.change': '({delta} vs {previous})',
  'report.changePoints': '({delta} pts vs {previous})',
  'report.f.openedByType': 'Opened by type',
  'report.openedType': '{type}: {count}',
  'report.f.backlog': 'Backlog at period end',
  'report.f.overdue': 'Overdue at period end',
  'report.f.repurchaseRate': 'Repurchase rate',
  'report.f.referralShare': 'Referrals among new customers',
  'report.f.retentionRate': 'Retention rate',
  'report.f.churnRate': 'Churn rate',
  'report.f.newNeeds': 'New needs logged',
  'report.keyFacts':
    'Customer files missing a key field: {missing, number} of {files, number} ({list})',
  'report.keyFactsNone':
    'Customer files missing a key field: {files, plural, =0 {there are no customer files yet} other {none of #}}',
  'report.keyFact.contact': 'no contact {count, number}',
  'report.keyFact.title': 'no contact title {count, number}',
  'report.keyFact.reach': 'no contact phone or email {count, number}',
  'report.keyFact.size': 'no company size (a person: occupation) {count, number}',
  'report.keyFact.region': 'no region {count, number}',
  'report.f.needConversion': 'Need conversion',
  'report.f.complaintRate': 'Complaint rate',
  'report.f.revenue': 'Revenue (orders)',
  'report.of.repurchase':
    '{part, number} of {whole, plural, one {# customer} other {# customers}} who ordered in the period before',
  'report.of.referral':
    '{part, number} of {whole, plural, one {# new customer} other {# new customers}}',
  'report.of.retention':
    '{part, number} of {whole, plural, one {# customer} other {# customers}} at the start stayed',
  'report.of.churn':
    '{part, number} of {whole, plural, one {# customer} other {# customers}} at the start',
  'report.of.needs':
    '{part, number} of {whole, plural, one {# customer} other {# customers}} ordered after the need',
  'report.of.complaints':
    '{part, plural, one {# complaint} other {# complaints}}, {whole, plural, one {# customer} other {# customers}} served; complaints per 100 tickets: {per100}',
  'report.previousRevenue': '{previous}: {amount}',
  'report.newDesk':
    'New desk: it began serving this workspace on {since}, after {previous} began, so its ticket, service and customer figures show no change from {previous}; revenue and repurchase, from the orders’ own dates, do.',
  'report.reason': '{reason} {count, number}',
  'report.reason.competitor': 'competitor contact',
  'report.reason.unrecorded': 'reason not recorded',
  'report.churnReasons': 'Churn reasons: {reasons}',
  'report.noChurn': 'No customer churned in the period.',
  'report.survey':
    'Quarterly survey: {surveyed, number} of {owed, plural, one {# key customer} other {# key customers}} surveyed, satisfaction {satisfaction}, NPS {nps}',
  'report.tierName.strategic': 'Strategic',
  'report.tierName.key': 'Key',
  'report.tierName.normal': 'Normal',
  'report.tier':
    '*{tier}*: {customers, plural, one {# customer} other {# customers}} ({share}) · revenue {revenue} ({contributionChange} vs {previous}), {contribution} of all · satisfaction {satisfaction} ({target}) · churned {churned, number} · repurchase {repurchase} · {opened, plural, one {# ticket} other {# tickets}}, {complaints, plural, one {# complaint} other {# complaints}}, first response on time {onTime}, first-contact resolution {fcr}',
  'report.tierShared':
    '*{tier}*: {customers, plural, one {# customer} other {# customers}} ({share}) · satisfaction {satisfaction} ({target}) · churned {churned, number} · repurchase {repurchase} · {opened, plural, one {# ticket} other {# tickets}}, {complaints, plural, one {# complaint} other {# complaints}}, first response on time {onTime}, first-contact resolution {fcr}',
  'report.tiersHidden':
    'Tiers’ revenue is shown only when you manage the owners of every customer who ordered: one tier’s could be worked out from the others’ and the total ({count, plural, one {# tier} other {# tiers}} without).',
  'report.owner':
    '<@{user}>: {followUps, plural, one {# follow-up} other {# follow-ups}} done · {conversions, plural, one {# conversion} other {# conversions}} · revenue {revenue}',
  'report.ownerShared':
    '<@{user}>: {followUps, plural, one {# follow-up} other {# follow-ups}} done · {conversions, plural, one {# conversion} other {# conversions}}',
  'report.noOwners': 'No follow-ups, conversions or orders in the period.',
  'report.ownersHidden':
    'Revenue is shown only for the owners you manage ({count, plural, one {# owner} other {# owners}} without).',
  'report.noAgents': 'No tickets were resolved in the period.',
  'report.more': '…and {count, number} more.',
  'report.ownerLate':
    '{count, plural, one {# interaction logged after 24 h} other {# interactions logged after 24 h}}',
  'report.chartLater':
    'The trend chart comes once there are two periods of figures (periods with figures so far: {count, number}).',
  'report.chartNone':
    'No trend chart in this report: none of the last {count, number} {kind, select, week {weeks} month {months} other {quarters}} has figures to draw.',
  'report.chart.title': 'Key rates to {period}',
  'report.chart.subtitle': 'In % (satisfaction as a score of 100); grey dotted lines are targets',
  'report.chartFile': 'KPI trend up to {period}',
  'report.chartAlt': 'Line chart of {count, number} periods to {period}. Latest period: {latest}.',
  'ticket.event.response': '<@{by}> answered the requester in the conversation.',
  'ticket.event.responseLogged': '<@{by}> answered the requester by {via}: {text}',
  'ticket.event.replied': '<@{by}> replied to the requester: {text}',
  'ticket.button.logResponse': 'Log response',
  'ticket.button.customerWrote': 'Customer wrote…',
  'ticket.button.delay': 'Tell of a delay…',
  'ticket.button.reply': 'Reply to requester…',
  'ticket.error.requesterOfOtherCustomer':
    'They wrote in the channel of {code}, another customer: pick a requester of this ticket’s customer, or clear this field.',
  'ticket.error.customerErased':
    'This customer’s personal data was erased from the desk while the ticket was being saved, so it was not filed. Ask an admin before filing anything more for them.',
  'ticket.error.requesterErased':
    'Their personal data was erased from the desk after they wrote this message: it does not make them a requester again. Clear this field, or ask them to write again.',
  'ticket.field.requester': 'Requester',
  'ticket.modal.requesterHint':
    'Who is told of each step and asked for satisfaction. Leave it empty for a customer outside Slack, and name them below.',
  'ticket.field.contactName': 'Contact outside Slack',
  'ticket.modal.contactPlaceholder': 'e.g. Ms Wang, plant manager',
  'ticket.card.requesterExternal':
    '{user} _(another organisation: the desk cannot message them; answer them in your shared channel or another way)_',
  'ticket.card.requesterOutside': '{name}, by {via}',
  'requester.target.minutes': '{m, plural, one {# minute} other {# minutes}}',
  'requester.target.hours': '{h, plural, one {# hour} other {# hours}}',
  'requester.target.hoursMinutes':
    '{h, plural, one {# hour} other {# hours}} {m, plural, one {# minute} other {# minutes}}',
  'requester.received':
    'We have your request: ticket *{number}*, “{title}”. What happens next: someone from our service team takes it and answers you {past, select, yes {as soon as possible (we usually answer within {target}{clock, select, always {} other { of working time}})} other {within {target}{clock, select, always {} other { of working time}} (by {due})}}. You will hear from us here at each step.',
  'requester.received.complaint':
    'We have your complaint: ticket *{number}*, “{title}”. What happens next: we contact you about it {past, select, yes {as soon as possible (we usually do so within {target}{clock, select, always {} other { of working time}})} other {within {target}{clock, select, always {} other { of working time}} (by {due})}}. You will hear from us here at each step.',
  'requester.taken': '<@{user}> is handling your ticket *{number}* now.',
  'requester.handedOver': 'Your ticket *{number}* is now with <@{user}>.',
  'requester.waiting.thread':
    'Ticket *{number}* is waiting on you. <@{by}> asks: {question}\nReply in this thread and we carry on.',
  'requester.waiting.dm':
    'Ticket *{number}* is waiting on you. <@{by}> asks: {question}\nAnswer here in this conversation and we carry on.',
  'requester.dmAnswer.resumed':
    'Thank you: your answer is added to ticket *{number}*, and we carry on with it.',
  'requester.dmAnswer.several':
    'Several of your tickets wait on your answer ({numbers}), so this message was added to none of them. Please send it again as a reply in the thread of the message that asked you.',
  // A requester's message in their DM with the app, no ticket waiting on them (F2, wave p33).
  'requester.dmAnswer.added': 'Thank you: your message is added to ticket *{number}*.',
  'requester.dmAnswer.open':
    'You have {count, number} open tickets, so this message was added to none of them:',
  'requester.dmAnswer.openRow': '• *{number}* {title}',
  'requester.dmAnswer.openMore': '• and {more, number} more (`/ticket requests` lists them all)',
  'requester.dmAnswer.openHow':
    'To add it to one of them, send it again as a reply in the thread of one of my messages about that ticket.',
  'requester.dmAnswer.resolved':
    '{count, plural, one {Ticket *{numbers}* is resolved} other {Tickets *{numbers}* are resolved}}, so this message was added to none. If it is not solved for you, press *Not solved, reopen* on the message that told you it was resolved, within {days, plural, one {# day} other {# days}} of it, and we reopen it.',
  'requester.dmAnswer.closed':
    'Ticket *{number}* is closed, so this message was not added to it. If you need help with something new, open a ticket with `/ticket new`, or ask our service team.',
  // A ticket of theirs merged into another (in its DM thread, or their latest): where it goes on.
  'requester.dmAnswer.merged':
    '{latest, select, yes {Your latest ticket, *{number}* “{title}”,} other {Ticket *{number}*}} was merged into *{into}*, so this message was added to no ticket. {role, select, requester {*{into}* is yours too and still open: to add this message to it, send it again as a reply in the thread of one of my messages about *{into}*.} resolved {*{into}* is resolved since. If you need help with something new, open a ticket with `/ticket new`, or ask our service team.} closed {*{into}* is closed since. If you need help with something new, open a ticket with `/ticket new`, or ask our service team.} follower {The work on it goes on in *{into}*, still open, and you hear of each of its steps.} other {The work on it goes on in *{into}*, still open.}}',
  // Outside any ticket's thread, nothing of theirs open or reopenable (revzh F1, wave p36).
  'requester.dmAnswer.closedLatest':
    'Your latest ticket, *{number}* “{title}”, is closed, so this message was added to no ticket. If you need help with something new, open a ticket with `/ticket new`, or ask our service team.',
  'requester.resolved.thread':
    'Ticket *{number}* is resolved: {summary}\nIf it is not solved for you, reply in this thread within {days, plural, one {# day} other {# days}} and we reopen it.',
  'requester.resolved.dm':
    'Ticket *{number}* is resolved: {summary}\nIf it is not solved for you, press *Not solved, reopen* below within {days, plural, one {# day} other {# days}} and we reopen it.',
  'requester.reopen.button': 'Not solved, reopen',
  'requester.reopen.notYours':
    'Only the person who reported {number} can reopen it with this button.',
  'requester.reopen.notYoursThread':
    'Only the person who reported {number} can reopen it with this button. If it is not solved for you either, reply in this thread and we reopen it.',
  'requester.reopen.tooLate':
    'Ticket {number} was resolved more than {days, plural, one {# day} other {# days}} ago and can no longer be reopened. If the problem is back, open a new ticket with `/ticket new`, or ask our service team.',
  'requester.reopened': 'Ticket *{number}* is open again; we are back on it.',
  'requester.merged':
    'Your ticket *{number}* was merged into *{into}*{follows, select, assignee {: *{into}* is yours, so you carry on with it there} dm {: we follow it there, and you hear of each of its steps by direct message} follower {: we follow it there, and you hear of each of its steps by direct message} thread {: we follow it there, and you hear of each of its steps in its thread in <#{channel}>} other {: we follow it there}}.',
  'follower.taken': '<@{user}> is handling ticket *{number}* now.',
  'follower.handedOver': 'Ticket *{number}* is now with <@{user}>.',
  'follower.waiting': 'Ticket *{number}* is waiting on its requester. <@{by}> asked: {question}',
  'follower.resolved': 'Ticket *{number}* is resolved: {summary}',
  'follower.reopened': 'Ticket *{number}* is open again; the desk is back on it.',
  'follower.merged':
    'Ticket *{number}* was merged into *{into}*{follows, select, follower {: you follow it there} no {; you do not follow *{into}*, so you hear no more of it here} assignee {: *{into}* is yours, so you carry on with it there} dm {: you asked for *{into}*, and you hear of each of its steps by direct message} thread {: you asked for *{into}*, and you hear of each of its steps in its thread in <#{channel}>} other {}}.',
  'follower.why': 'You get this because you follow ticket *{number}*, “{title}”.',
  'follower.follow.button': 'Follow',
  'follower.unfollow.button': 'Stop following',
  'follower.followed':
    'You follow ticket *{number}* now: you hear of each step here, by direct message.',
  'follower.unfollowed': 'You no longer follow ticket *{number}*.',
  'follower.error.notFollowing': 'You don’t follow ticket *{number}*.',
  'follower.error.requester':
    'You asked for ticket {number}: you hear of each step anyway, so there is nothing to follow.',
  'follower.error.assignee':
    'You are the assignee of ticket {number}: each of its steps is yours already, so there is nothing to follow.',
  'follower.added':
    'You now follow ticket *{number}* (added by <@{by}>): you hear of each step here, by direct message.',
  'follower.addedByErased':
    'You were added to the followers of ticket *{number}*: you hear of each step here, by direct message.',
  'follower.error.tooMany': 'Pick at most {max, number} people: you picked {count, number}.',
  'follower.error.pickedRequester':
    'The requester of {number} is among them: they are told of each step anyway, so leave them out.',
  'follower.error.pickedAssignee':
    'The assignee of {number} is among them: each of its steps is theirs already, so leave them out.',
  'follower.error.unfit':
    '{reason, select, bot {{name} is a bot: pick a person of the workspace.} deactivated {The account of {name} is deactivated: pick someone else.} other {{name} cannot follow a ticket: pick someone else.}}',
  'follower.error.full':
    'Ticket {number} has {max, number} followers already, the most it can have: nobody was added.',
  'follower.error.changed':
    'Ticket {number} changed while its followers were being saved, so nobody was added: try again.',
  'requester.requests.heading': 'The open tickets you asked for ({total, number})',
  'requester.requests.none': 'No ticket you asked for is open.',
  'requester.requests.row':
    '*{number}* {title}\n{status, select, waiting {Waiting on your reply} handled {<@{user}> is handling it} merged {Merged into *{into}*{role, select, follower { — followed there} requester {, which you asked for too} assignee {, which is yours to carry on} other {: we follow it there (you do not follow it)}}} other {Received; our service team takes it soon}} · received {received}',
  'requester.requests.more': 'And {more, number} more.',
  'requester.card.status':
    '{status, select, waiting {Waiting on your reply} handled {<@{user}> is handling it} resolved {Resolved {when}} closed {Closed} merged {Merged into *{into}*{role, select, follower { — followed there} requester {, which you asked for too} assignee {, which is yours to carry on} resolved {, resolved since} closed {, closed since} other {: we follow it there (you do not follow it)}}} other {Received; our service team takes it soon}} · received {received}',
  'requester.card.steps': '*So far*',
  'requester.card.step.taken': '<@{user}> took it · {when}',
  'requester.card.step.handedOver': 'Handed over to <@{user}> · {when}',
  'requester.card.step.asked': '<@{by}> asked you: {text} · {when}',
  'requester.card.step.answered': '<@{by}> answered: {text} · {when}',
  'requester.card.step.said': '<@{by}> wrote: {text} · {when}',
  'requester.card.step.askedUnnamed': 'We asked you: {text} · {when}',
  'requester.card.step.answeredUnnamed': 'We answered: {text} · {when}',
  'requester.card.step.saidUnnamed': 'Written in the conversation: {text} · {when}',
  'requester.card.step.resolved': 'Resolved: {text} · {when}',
  'requester.card.step.resolvedPlain': 'Resolved · {when}',
  'requester.card.step.reopened': 'Reopened · {when}',
  'requester.card.step.merged': 'Merged into *{into}* · {when}',
  'requester.card.survey': 'How satisfied are you with how we handled it?',
  'requester.wait.title': 'Wait on {number}',
  'requester.wait.submit': 'Ask and wait',
  'requester.wait.intro':
    'The requester is told the ticket waits on them, with your question. The SLA clock pauses until work resumes.',
  'requester.wait.question': 'What do you need from the requester?',
  'requester.wait.placeholder': "e.g. the controller's serial number and a photo of the error",
  'requester.log.title': 'Log response {number}',
  'requester.log.submit': 'Log response',
  'requester.log.intro':
    "The customer was answered outside Slack. The first answer logged is the ticket's first response; each one also goes on the customer's file.",
  'requester.log.via': 'How',
  'requester.log.date': 'Date',
  'requester.log.time': 'Time ({timeZone})',
  'requester.log.said': 'What was said',
  'requester.log.placeholder': 'e.g. Explained the workaround; an engineer visits on Thursday',
  'requester.log.interaction': 'Answered on ticket {number}: {text}',
  'ticket.wrote.title': 'Customer said {number}',
  'ticket.wrote.submit': 'Record',
  'ticket.wrote.intro':
    "What {who} told the desk outside Slack (a call, an email, WeChat, a visit), as of when they said it. A reply is owed from then; a ticket waiting on them resumes. It also goes on the customer's file.",
  'ticket.wrote.via': 'How',
  'ticket.wrote.date': 'Date',
  'ticket.wrote.time': 'Time ({timeZone})',
  'ticket.wrote.said': 'What they said',
  'ticket.wrote.interaction': 'Customer said on ticket {number}: {text}',
  'ticket.wrote.placeholder': 'e.g. The error is back since this morning; a photo follows by email',
  'ticket.wrote.error.beforeReceived': 'That is before the ticket was received.',
  'ticket.wrote.error.beforeLast':
    'That is before the last message of theirs recorded on this ticket.',
  'ticket.wrote.error.beforeWait':
    'That is before the ticket began waiting on them: their answer to what the desk asked comes after it. Give the time of that answer, or add what they said before as a note.',
  'ticket.wrote.error.inSlack':
    "{number}'s requester is in Slack: they write on the ticket themselves.",
  'requester.survey.ask':
    'Ticket *{number}* is resolved. How satisfied are you with how we handled it?',
  'requester.survey.reminder':
    'A reminder: how satisfied are you with how we handled ticket *{number}*? One click is enough.',
  'requester.survey.note': 'One answer per ticket: click another to change it. Open for 7 days.',
  'requester.survey.score1': 'Very dissatisfied',
  'requester.survey.score2': 'Dissatisfied',
  'requester.survey.score3': 'Neutral',
  'requester.survey.score4': 'Satisfied',
  'requester.survey.score5': 'Very satisfied',
  'requester.survey.title': 'Feedback {number}',
  'requester.survey.submit': 'Send',
  'requester.survey.thanks':
    'Thank you: “{label}” is noted for ticket {number}. Two more questions, both optional:',
  'requester.survey.nps':
    'How likely are you to recommend us to a colleague? (0 = not at all, 10 = certainly)',
  'requester.survey.comment': 'Anything we should know?',
  'requester.survey.recorded': 'Thank you: “{label}” is noted for ticket {number}.',
  'requester.survey.detailsRecorded': 'Thank you: your feedback on ticket {number} is recorded.',
  'requester.survey.expired':
    'The survey for {number} has closed (it was open for 7 days). Thank you all the same.',
  'requester.survey.notYours': 'The survey for {number} is for the person who reported it.',
  'requester.survey.notYoursAny': 'This survey is for the person who reported the ticket.',
  'requester.survey.openAgain':
    'This form can no longer be sent. Press your score in the survey again to give your feedback.',
  'requester.survey.gone': 'This survey is no longer available.',
  'requester.draft.delay':
    'Ticket *{number}* ({customer}: {title}) will miss its resolution target ({due}). Tell the requester why and when to expect it: open the draft, check it, and send it.',
  'requester.draft.delayMissed':
    'Ticket *{number}* ({customer}: {title}) missed its resolution target ({due}). Tell the requester why and when to expect it: open the draft, check it, and send it.',
  'requester.draft.promiseMissed':
    'Ticket *{number}* ({customer}: {title}) is still open, and the date the requester was promised ({date}) has passed. Tell them why and when to expect it now: open the draft, check it, and send it.',
  'requester.draft.progress':
    'Ticket *{number}* ({customer}: {title}) has been open a while. A progress note for the requester is drafted: open it, check it, and send it.',
  'requester.draft.open': 'Send to requester…',
  'requester.draft.reason': 'Why it takes longer, and the plan',
  'requester.draft.note': 'Progress so far',
  'requester.draft.newDate': 'New expected date',
  'requester.draft.delayTitle': 'Delay notice {number}',
  'requester.draft.progressTitle': 'Progress {number}',
  'requester.draft.send': 'Send',
  'requester.draft.savedReply': 'Saved reply',
  'requester.draft.savedReplyPlaceholder': 'Choose a saved reply',
  'requester.draft.savedReplyHint':
    'Its text goes into the box below. Text you changed there is kept: the saved text is added under it.',
  'requester.draft.savedReplyTooLong':
    '“{title}” was not added: with your text it would pass {max} characters. Shorten your text or empty the box, then choose it again.',
  'requester.draft.placeholders':
    'Replace what is in brackets with the real thing before sending: {placeholders}.',
  'requester.draft.delayText':
    'We need more time on “{title}” ({number}) than planned, because [reason]. Meanwhile we [alternative plan].',
  'requester.draft.progressText':
    'An update on “{title}” ({number}): so far we [what was done]; next we [what comes next].',
  'requester.draft.notedDelay': 'Delay notice sent to the requester (new date {date}): {text}',
  'requester.draft.notedProgress': 'Progress note sent to the requester: {text}',
  'requester.draft.noRequester':
    '{number} has no requester in Slack to send this to: tell them by phone or email, then record it with *Log response*.',
  'requester.delayNotice':
    'An update on ticket *{number}* from <@{user}>: it will take longer than planned. {text}\nNew expected date: {date}.',
  'requester.progressNotice': 'Progress on ticket *{number}* from <@{user}>: {text}',
  'requester.replyNotice': 'Reply on ticket *{number}* from <@{user}>: {text}',
  'requester.reply.title': 'Reply {number}',
  'requester.reply.message': 'Message to the requester',
  'requester.reply.byDm':
    '<@{user}> reads it in their direct messages with the app. The card’s thread is internal: a reply there does not reach them.',
  'requester.reply.intoThread':
    '<@{user}> reads it in the ticket’s thread in <#{channel}> (by direct message if the app cannot post there).',
  'requester.lowScore':
    'Low score on {number} ({customer}) from <@{by}>: satisfaction {satisfaction}/5, NPS {nps}. A follow-up for <@{owner}> is due within 24 hours.',
  'requester.lowScoreNoNps':
    'Low score on {number} ({customer}) from <@{by}>: satisfaction {satisfaction}/5 (no NPS given yet). A follow-up for <@{owner}> is due within 24 hours.',
  'requester.lowScoreComment': 'Comment: {comment}',
  'requester.lowScoreDetails':
    'More on the low score of {number} ({customer}) from <@{by}>: {satisfaction, select, none {} other {satisfaction {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {, }}NPS {nps}}}.',
  'requester.lowScoreCall':
    'Low score on {number} ({customer}) logged by <@{by}> on the *{call}* call: {satisfaction, select, none {} other {satisfaction {satisfaction}/5}}{nps, select, none {} other {{satisfaction, select, none {} other {, }}NPS {nps}}}. A follow-up for <@{owner}> is due within 24 hours.',
  'ticket.event.waitAsked':
    '<@{by}>: waiting on the customer. The SLA clock is paused. Asked the requester: {text}',
  // The customer file (#11): contacts, type, notes, tag families, needs matrix, card history.
  'customer.field.customerType': 'Customer type',
  'customerType.company': 'Company',
  'customerType.person': 'Person',
  'customer.modal.customerTypeHint':
    'For a person, give their occupation instead of a company size.',
  'customer.field.occupation': 'Occupation (a person)',
  'customer.modal.occupationHint': 'For a person, instead of the company size.',
  'customer.placeholder.occupation': 'e.g. Architect',
  'customer.placeholder.address': 'e.g. 88 Century Avenue, Pudong, Shanghai',
  'customer.field.industryTags': 'Industry tags',
  'customer.placeholder.industryTags': 'e.g. manufacturing',
  'customer.field.valueTags': 'Value tags',
  'customer.placeholder.valueTags': 'e.g. high-value',
  'customer.field.needTags': 'Need tags',
  'customer.placeholder.needTags': 'e.g. price-sensitive',
  'customer.field.contactRole': 'Contact role',
  'contactRole.main': 'Main responsible person',
  'contactRole.daily': 'Day-to-day counterpart',
  'customer.field.needsMatrix': 'Needs (priority matrix)',
  'customer.error.tooManyNeeds': 'At most {max} needs.',
  'customer.field.notes': 'Notes',
  'customer.placeholder.notes': 'e.g. Prefers meetings on Tuesday mornings',
  'customer.section.notes': 'Notes',
  'customer.field.lateRecord': 'Recorded late',
  'customer.field.cooperationYears': 'Cooperation',
  'customer.card.cooperationYears':
    '{years, plural, =0 {under a year} one {# year} other {# years}} (since {date})',
  'customer.field.lastOrder': 'Last order',
  'customer.field.historicTotal': 'Historic total',
  'customer.field.ordersLast12': 'Orders, last 12 months',
  'customer.card.none': 'none',
  'customer.card.annualPurchases': 'Annual purchases',
  'customer.card.notRecorded': 'not recorded',
  'customer.card.late':
    ':warning: Recorded {days, plural, one {# day} other {# days}} after the first contact ({date}); files are due within 24 h.',
  'customer.card.serviceHistory': 'Service history',
  'customer.card.openTicketsNone': 'No open tickets.',
  'customer.card.openTicketsLine': 'Open: {list}',
  'customer.card.closedLine': '{number} · {when} · {resolution}',
  'customer.card.closedSatisfaction': '{line} · satisfaction {score}/5',
  'customer.card.noResolution': 'no resolution noted',
  'customer.card.complaints12': 'Complaints in the last 12 months: {count, number}',
  'customer.card.lastRevisit': 'Last revisit ({date}): {result}',
  'customer.card.revisitSolved': 'solved',
  'customer.card.revisitUnsolved': 'not solved',
  'customer.card.revisitScore': 'satisfaction {score}/5',
  'customer.card.revisitNps': 'NPS {nps}',
  'customer.card.lastRevisitOf': 'Last revisit, of {number} ({date}): {result}',
  'customer.card.moreContacts':
    '…and {count, plural, one {# more contact} other {# more contacts}}.',
  'customer.button.contacts': 'Contacts',
  'contacts.modal.title': 'Contacts',
  'contacts.modal.close': 'Done',
  'contacts.modal.add': 'Add contact',
  'contacts.modal.none': 'No contacts yet.',
  'contacts.modal.primary': 'primary',
  'contacts.menu.edit': 'Edit',
  'contacts.menu.remove': 'Remove',
  'contacts.menu.primary': 'Make primary',
  'contacts.remove.title': 'Remove contact',
  'contacts.remove.submit': 'Remove',
  'contacts.remove.confirm':
    'Remove *{contact}* from *{name}* ({code})? The customer’s change log keeps the removal.',
  'contacts.remove.nextPrimary': '*{contact}* becomes the primary contact.',
  'contacts.form.addTitle': 'Add contact',
  'contacts.form.editTitle': 'Edit contact',
  'contacts.form.submit': 'Save contact',
  'contacts.error.gone':
    'That contact is no longer on this customer. Open Contacts again to see the list as it is now.',
  'contacts.error.duplicate': 'This customer already has a contact named {contact}.',
  'contacts.error.tooMany': 'A customer can have at most {max} contacts.',
  'contacts.error.accessChangedSinceOpen':
    'Who may see this customer’s phones and emails changed since you opened this contact, and you no longer may: close it and open the contact again from Contacts to change this text.',
  'customer.history.contactLine': '{when} · {by} · {field} ({contact}): {old} → {new} · {source}',
  'customer.field.primaryContact': 'Primary contact',
  'signal.late':
    ':hourglass: {name} was recorded by <@{owner}> {days, plural, one {# day} other {# days}} after the first contact ({date}); files are due within 24 h of it.',
  'signal.upgrade':
    ':arrow_up: {name} wants more: “{what}” (heard by <@{by}>). Its owner <@{owner}> holds no desk role: the task is <@{assignee}>’s.',
  'digest.f.lateRecords': 'Recorded after 24 h',
  'digest.f.lateInteractions': 'Interactions logged after 24 h',
  // Tag pick lists and the needs matrix as rows in the customer modals (#11).
  'customer.tagSuggestions.industry': 'manufacturing, retail',
  'customer.tagSuggestions.value': 'high-value, potential',
  'customer.tagSuggestions.needs':
    'price-sensitive, tech-oriented, purchasing, technical consultation, after-sales, custom development',
  'customer.modal.tagPickHint': "The manuals' suggestions and the tags in use in this workspace.",
  'customer.placeholder.pickTags': 'Pick tags',
  'customer.field.industryTagsOther': 'Other industry tags',
  'customer.field.valueTagsOther': 'Other value tags',
  'customer.field.needTagsOther': 'Other need tags',
  'customer.modal.otherTagsHint':
    'Not in the list? Type it here, comma separated: it is offered in the list from then on.',
  'customer.needs.intro':
    '*Needs (priority matrix)*: one row per need, rated urgent or not and important or not.',
  'customer.needs.row': 'Need {n}',
  'customer.needs.placeholder': 'e.g. Spare parts within 48 h',
  'customer.needs.urgency': 'Urgency',
  'customer.needs.importance': 'Importance',
  'customer.needs.urgent': 'Urgent',
  'customer.needs.notUrgent': 'Not urgent',
  'customer.needs.important': 'Important',
  'customer.needs.notImportant': 'Not important',
  'customer.needs.add': 'Add need',
  'customer.needs.remove': 'Remove',
  'customer.error.needText': 'Write the need, or remove the row.',
  'customer.card.quadrantUrgentImportant': 'Urgent and important',
  'customer.card.quadrantImportant': 'Important, not urgent',
  'customer.card.quadrantUrgent': 'Urgent, not important',
  'customer.card.quadrantNeither': 'Neither urgent nor important',
  'help.desk.handover':
    'Hand a person’s open tickets, tasks and customers over to another, when they leave or change job (managers)',
  'permission.denied.handover':
    'Only managers and admins of the desk can hand a person’s work over.',
  'permission.denied.handoverAsk':
    'Only managers and admins of the desk can hand a person’s work over: ask {admins} to make you a manager in `/desk roles`.',
  'handover.title': 'Hand work over',
  'handover.submit': 'Hand over',
  'handover.intro':
    'For someone who leaves or changes job: their open tickets, their open tasks (also where they help or sign off) and the customers they own go to another person. Each moves as its own Reassign, Edit task or owner change by you, logged on the record; the receiver gets one DM listing everything.',
  'handover.field.from': 'From',
  'handover.field.to': 'To',
  'handover.hint.to': 'A member of the workspace who works tickets.',
  'handover.field.what': 'What to move',
  'handover.part.tickets': 'Open tickets they are assigned',
  'handover.part.tasks': 'Open tasks they do, help with or sign off',
  'handover.part.customers': 'Customers they own',
  'handover.error.same': 'Pick someone other than the person whose work is handed over.',
  'handover.error.nothing':
    'Nothing to move of what is ticked: found {ticketsMore, select, yes {more than {max, number} open tickets} other {{tickets, plural, one {# open ticket} other {# open tickets}}}}, {tasksMore, select, yes {more than {max, number} open tasks} other {{tasks, plural, one {# open task} other {# open tasks}}}}, {customersMore, select, yes {more than {max, number} customers} other {{customers, plural, one {# customer} other {# customers}}}}.',
  'handover.dm':
    ':inbox_tray: <@{by}> handed you the work of <@{from}>: {tickets, plural, one {# open ticket} other {# open tickets}}, {tasks, plural, one {# task} other {# tasks}}, {customers, plural, one {# customer} other {# customers}}. They are yours now; their cards and your Home show them.',
  'handover.line.tickets': '• Tickets: {list}',
  'handover.line.task': '• Task: {task}',
  'handover.line.replyDue':
    '• {number}: {who, select, requester {its requester <@{by}> said it was not solved and reopened it} revisit {its revisit call found it not solved and the desk reopened it} desk {the desk reopened it} staff {<@{by}> reopened it} someone {it was reopened} other {the customer wrote again}}, {late, select, yes {reply overdue since {due}} other {reply due {due}}}',
  'handover.line.replyPaused':
    '• {number}: {who, select, requester {its requester <@{by}> said it was not solved and reopened it} revisit {its revisit call found it not solved and the desk reopened it} desk {the desk reopened it} staff {<@{by}> reopened it} someone {it was reopened} other {the customer wrote again}}, reply owed: {clock}',
  'handover.line.customers': '• Customers: {list}',
  'handover.line.taskWithCustomer': '• Task: {task} (with its customer: an owner’s task)',
  'handover.error.ticketTaken':
    'Claimed or reassigned by someone else since the hand-over read it (<@{holder}> holds it now). Left as it is.',
  'handover.error.ticketReleased':
    'Put back in the queue by someone else since the hand-over read it. Left as it is.',
  'handover.error.followsOtherOwner':
    'An owner’s task of a customer they do not own: the daily planning gives it to the customer’s owner (or hand it over with Edit task).',
  'handover.error.followsCustomer':
    'An owner’s task: it goes with its customer to whoever takes the customer (tick “Customers they own”).',
  'handover.summaryLost':
    ':warning: Your hand-over of <@{from}>’s work to <@{to}> ran to its end, but its summary could not be saved: {tickets, plural, one {# open ticket} other {# open tickets}}, {tasks, plural, one {# task} other {# tasks}} and {customers, plural, one {# customer} other {# customers}} moved. {left, plural, =0 {Nothing it set out to move is still <@{from}>’s.} one {# record it set out to move is still <@{from}>’s: run `/desk handover` again to move it, or to see why it cannot be moved.} other {# records it set out to move are still <@{from}>’s: run `/desk handover` again to move them; its summary names any that cannot be moved, with why.}}{more, select, yes { <@{from}> also holds more than it set out to move (it had not read them yet): run `/desk handover` again for the rest.} other {}}',
  'handover.movedLate':
    ':information_source: After the notices of your hand-over of <@{from}>’s work to <@{to}> went out, {records} also moved to <@{to}>: {total, plural, one {it is} other {they are}} no longer <@{from}>’s.{told, select, yes { <@{to}> has now been told of {total, plural, one {it} other {them}}.} other {}}',
  'handover.movedLate.tickets': '{count, plural, one {# open ticket} other {# open tickets}}',
  'handover.movedLate.tasks': '{count, plural, one {# task} other {# tasks}}',
  'handover.movedLate.customers': '{count, plural, one {# customer} other {# customers}}',
  'handover.cutShortNone':
    ':warning: Your hand-over of <@{from}>’s work to <@{to}> {finished, select, yes {ran to its end, but its summary could not be saved} other {stopped before it was done (the desk was restarted or stopped)}}: it moved nothing itself. What it set out to move was taken up by another hand-over from <@{from}> to <@{to}>, whose notices tell of it.{more, select, yes { <@{from}> also holds more than it set out to move (it had not read them yet): run `/desk handover` again for the rest.} other {}}',
  'handover.cutShort':
    ':warning: Your hand-over of <@{from}>’s work to <@{to}> stopped before it was done (the desk was restarted or stopped): {tickets, plural, one {# open ticket} other {# open tickets}}, {tasks, plural, one {# task} other {# tasks}} and {customers, plural, one {# customer} other {# customers}} moved. {left, plural, =0 {Nothing it set out to move is still <@{from}>’s.} one {# record it set out to move is still <@{from}>’s: run `/desk handover` again to move it, or to see why it cannot be moved.} other {# records it set out to move are still <@{from}>’s: run `/desk handover` again to move them; its summary names any that cannot be moved, with why.}}{more, select, yes { <@{from}> also holds more than it set out to move (it had not read them yet): run `/desk handover` again for the rest.} other {}}',
  'handover.withCustomer':
    '{count, plural, one {# task that comes} other {# tasks that come}} with owning a customer went with the customers to their new owner.',
  'handover.followLeft':
    '{count, plural, one {# task that comes with owning a customer stays} other {# tasks that come with owning a customer stay}} with <@{from}>’s customers this hand-over did not move: each goes with its customer when a next hand-over moves that customer.',
  'handover.ownerWithoutRole':
    ':warning: <@{to}> holds no account manager role: the L3 escalations of these customers go to them as “the account manager”. Make them one in `/desk roles`, or hand the customers to an account manager.',
  'handover.moreLeft':
    ':warning: <@{from}> holds more than {max, number} {part, select, tickets {open tickets} tasks {open tasks} other {customers}}: one hand-over moves {max, number}, the rest stay with them. Run `/desk handover` again to move the rest.',
  'handover.done':
    'Hand-over from <@{from}> to <@{to}>: {tickets, plural, one {# ticket} other {# tickets}}, {tasks, plural, one {# task} other {# tasks}}, {customers, plural, one {# customer} other {# customers}} moved{refused, plural, =0 {.} other {; # not moved:}}',
  'handover.unreachable':
    ':warning: <@{user}> no longer receives Slack messages and holds {ticketsMore, select, yes {more than {max, number} open tickets} other {{tickets, plural, one {# open ticket} other {# open tickets}}}}, {tasksMore, select, yes {more than {max, number} open tasks} other {{tasks, plural, one {# open task} other {# open tasks}}}}, {customersMore, select, yes {more than {max, number} customers} other {{customers, plural, one {# customer} other {# customers}}}}. Hand them over with `/desk handover`.',
  'handover.refused':
    '• {part, select, tickets {Ticket} tasks {Task} other {Customer}} {record}: {why}',
  'handover.refusedMore': '• …and {count, number} more not moved',
  'help.desk.privacy': 'Data-subject requests (export, erase) and the privacy log',
  'privacy.error.noContact': '{code} has no contact named {name}.',
  'privacy.usage':
    '`/desk privacy export C2026001 [contact name]` · `/desk privacy erase C2026001 [contact name]` · a person in Slack by their member ID or mention: `/desk privacy export user:U0456EFGH` · `/desk privacy erase user:U0456EFGH` · `/desk privacy log [erase|export|retention|view] [user:U0456EFGH]` (admins; without a kind, everything but views)',
  'privacy.erase.title': 'Erase personal data',
  'privacy.erase.submit': 'Erase',
  'privacy.erase.erasing':
    'Erasing… On a large workspace this takes a while: what was erased is said here when it is done.',
  'privacy.erase.running':
    'This is being erased already (started before: in Slack, here or by another admin, or from the privacy CLI): whoever started it is told what was erased when it is done.',
  'privacy.erase.pressedAgain':
    'Erase on this form was received already: the erasure it started tells you what was erased in your DM with the desk (and here, if it is still running).',
  'privacy.erase.otherRunning':
    'Not erased: another erasure is running in this workspace ({subject}, started in Slack, here or by another admin, or from the privacy CLI), and erasures run one at a time. Press Erase again when it is done.',
  'privacy.erase.overran':
    'This erasure was held up for over 5 minutes, so another erasure may have taken its turn and run beside it: this one may be unfinished, or something it took out kept by the other. Run this erasure again (erasing twice is safe), and any other that ran meanwhile.',
  'privacy.erase.failed':
    'Not erased: your DM with the desk says why. Nothing is lost by trying again.',
  'privacy.erase.unfinished':
    'Not finished: something failed on our side after part of it may have been erased (your DM with the desk has the reference). Run the same erase again to finish it: erasing twice is safe.',
  'privacy.erase.confirmContact':
    "This erases the contact *{contact}* of *{name}* ({code}): their record, and their name, phone, email and IM wherever they were typed or quoted (tickets, interactions, tasks, change log, messages the desk has not sent yet and stored digests). Messages already posted in Slack (the cards' threads, DMs, alerts, digests) stay as they are: only the ticket cards are shown again without what was erased. It cannot be undone.",
  'privacy.erase.confirmCustomer':
    "This erases *{name}* ({code}) and {count, plural, one {its # contact} other {its # contacts}}: the name, contacts, address, region, needs, notes, occupation and tags (their values in the change log too), and names, phone numbers and emails typed in its tickets, interactions, tasks and change log. The desk stops contacting it: the next daily tasks run cancels the care, survey, review and 3-7-30 follow-up tasks it planned for it (tasks made by hand stay). Orders, amounts, dates and tiers stay. Messages already posted in Slack (the cards' threads, DMs, alerts, digests) stay as they are: only the ticket cards are shown again without what was erased. It cannot be undone.",
  'privacy.erase.confirmAgain':
    '*{name}* ({code}) was erased on {when}. Erasing it again only finishes what a run cut short may have left (its name on channel links and tasks, its details typed since) and logs no second erasure.',
  'privacy.erase.confirmUnfinished':
    '*{name}* ({code}) was erased on {when}, but that erasure was cut short: its name may still be on its channel links and tasks, and the erasure is not in the privacy log. Erase finishes it and records it there.',
  'privacy.erase.doneAgain':
    '{code} was erased on {when}; erasing it again only finished what a run cut short may have left: {count, plural, =0 {nothing was left to change} one {# document changed} other {# documents changed}}. No second erasure is logged.',
  'privacy.erase.doneUnfinished':
    'Finished the erasure of {code} begun on {when}, which was cut short: {count, plural, one {# document} other {# documents}} changed. Recorded in the privacy log.',
  'privacy.erase.done':
    'Erased {what} of {code}: {count, plural, one {# document} other {# documents}} changed. Recorded in the privacy log.',
  'privacy.erase.cards':
    "The cards in the triage channel of the customer's tickets and of other customers' tickets that named what was erased ({count, plural, one {# card} other {# cards}} in all) and the App Homes that list them are being updated without what was erased; messages already posted stay as they were.",
  'privacy.erase.cardsUser':
    'The cards in the triage channel of the tickets the erasure changed ({count, plural, one {# card} other {# cards}}) and the App Homes that list them are being updated without what was erased; messages already posted stay as they were.',
  'privacy.erase.whatContact': 'the contact',
  'privacy.erase.whatCustomer': 'the customer',
  'privacy.alsoSlackUser':
    'If this person also wrote to the desk in Slack (a Slack Connect channel, a DM), the desk cannot tell it was them: {verb, select, export {export} other {erase}} them by Slack user too, `/desk privacy {verb, select, export {export} other {erase}} user:@name`.',
  'privacy.subject.slackUser': 'Slack user {user}',
  'privacy.subject.contact': '{code} contact',
  'privacy.export.done':
    'Everything held about {subject}: {count, plural, one {# document} other {# documents}}, in full, as JSON and CSV. Recorded in the privacy log. Keep these files private and delete them once the request is answered.',
  'privacy.log.title': 'Privacy log ({total, number})',
  'privacy.log.titleOf':
    'Privacy log: {kind, select, erase {erasures} export {exports} retention {retention runs} other {views of personal data}} ({total, number})',
  'privacy.log.none': 'No export, erasure or retention run is recorded in the privacy log yet.',
  'privacy.log.noneOf':
    'No {kind, select, erase {erasure} export {export} retention {retention run} other {view of personal data}} is recorded in the privacy log.',
  'privacy.log.viewsLeftOut':
    'Views of personal data in clear are not listed here: `/desk privacy log view` lists them; `erase`, `export` or `retention` list those alone.',
  'privacy.log.line': '{at} · {kind} · <@{by}> · {subject}',
  'privacy.log.lineByDesk':
    '{at} · {kind} · {why, select, retention {the desk (retention)} erase {the desk (finishing an erasure)} eraseStarted {the desk, finishing an erasure {starters} started} other {the desk}} · {subject}',
  'privacy.log.all': 'all customers',
  'privacy.log.exportedCustomers':
    '{count, plural, one {# customer} other {# customers}}{masked, select, no {, personal data in clear} yes {, personal data masked} other {}}',
  'privacy.log.exportedContacts':
    '{count, plural, one {# contact} other {# contacts}}{masked, select, no {, personal data in clear} yes {, personal data masked} other {}}',
  'privacy.log.viaCli': 'from the command line (`--as`)',
  'privacy.log.delivered': 'files delivered in Slack',
  'privacy.log.notDelivered': 'files not delivered: Slack refused them (`{error}`)',
  'privacy.log.deliveryUnknown':
    'files not confirmed delivered (no answer from Slack was recorded)',
  'privacy.log.deliveryUncertain':
    'files may have been delivered: Slack did not answer the share (`{error}`)',
  'privacy.kind.export.customers': 'customer CSV export',
  'privacy.kind.export.contacts': 'contacts CSV export',
  'privacy.kind.export.subject': 'data-subject export',
  'privacy.kind.erase': 'erasure',
  'privacy.kind.retention': 'retention',
  'privacy.kind.erase.workspace': 'workspace erased',
  'privacy.kind.view': 'personal data viewed',
  'privacy.export.preparing':
    'Preparing the export of {subject}… The files will arrive in your DM with the desk.',
  'privacy.export.sent':
    'The export of {subject} ({count, plural, one {# document} other {# documents}}, JSON and CSV) is in your DM with the desk (its Messages tab). Only you can see it there.',
  'privacy.export.missingScope':
    "The export of {subject} was made (and recorded in the privacy log), but Slack says the desk's install in this workspace lacks the `files:write` permission, so nothing was shared. Trying again will not help: a workspace admin installs the app again to grant it (the app's manifest asks for it). Until then, the server's `npm run privacy -- export` writes the same files.",
  'privacy.export.failed':
    "The export of {subject} was made (and recorded in the privacy log), but Slack did not take the files ({reason}), so nothing was shared. Please try again in a minute; the server's `npm run privacy -- export` writes the same files.",
  'privacy.export.maybeShared':
    'The export of {subject} was made (and recorded in the privacy log), but Slack did not answer when asked to share the files ({reason}), so they may have been shared: check your DM with the desk (its Messages tab) before trying again.',
  'privacy.export.titleJson': 'Data-subject export of {subject} (JSON)',
  'privacy.export.titleCsv': 'Data-subject export of {subject} (CSV)',
  'privacy.erase.alsoElsewhere':
    'Also found in the typed text of other customers: {found}. Those mentions are erased too.',
  'privacy.erase.elsewhereNone': 'Not found in the typed text of other customers.',
  'privacy.erase.elsewhereCounting':
    '_Looking for mentions in the typed text of other customers…_ (erased too, whatever the count)',
  'privacy.erase.where.tickets': '{count, plural, one {# ticket} other {# tickets}}',
  'privacy.erase.where.interactions': '{count, plural, one {# interaction} other {# interactions}}',
  'privacy.erase.where.tasks': '{count, plural, one {# task} other {# tasks}}',
  'privacy.erase.where.customers':
    '{count, plural, one {# customer file} other {# customer files}}',
  'privacy.erase.where.customerChanges':
    '{count, plural, one {# change log entry} other {# change log entries}}',
  'privacy.erase.where.orders': '{count, plural, one {# order note} other {# order notes}}',
  'privacy.erase.doneElsewhere':
    "Erased {what} of {code}: {count, plural, one {# document} other {# documents}} changed, {elsewhere, number} of them in other customers' files. Recorded in the privacy log.",
  'privacy.erase.inbox':
    'Also in {count, plural, one {# customer channel message} other {# customer channel messages}} the desk has not made into tickets yet (waiting, failed or given up): the text is erased there too, and those still to be done still become tickets, without what was erased.',
  'privacy.error.privacyKeyUnknown':
    'Nothing looked up: this workspace’s privacy log has Slack users keyed with a secret the desk does not have now (PRIVACY_KEY was set or changed after they were written), so a search by Slack user would miss them. Ask whoever runs the desk to set PRIVACY_KEY_PREVIOUS to the secret used before (the signing secret, else SLACK_APP_TOKEN, if PRIVACY_KEY was unset) and restart it, then try again.',
  'privacy.error.userIsStaff':
    "{user} works or has worked on the desk (a role, tickets or tasks they handled, a customer they own or created, an interaction, order or change they logged on a customer's file, settings they changed): what staff did is the desk's record, kept with their user id, so they are not erased by Slack user, even after they leave the desk. An erasure by Slack user is for a requester (a customer's person in Slack Connect, a guest); `/desk privacy export user:…` still shows what the desk holds of them.",
  'privacy.error.userOwnsCustomers':
    "{user} owns {count, plural, one {# customer} other {# customers}} now, and is not a member of the workspace (a guest, or of another organisation): a customer's owner is part of its file, so they are not erased by Slack user while they own one. Give {count, plural, one {that customer} other {each of them}} another owner (Edit customer), then erase them: what still names them as the owner is erased then.",
  'privacy.error.notAUser':
    'Name the person by their Slack member ID or a mention, such as `user:U0456EFGH` (their profile, ⋮, Copy member ID): Slack sends the desk a typed `@name` as a name, not a member.',
  'privacy.erase.confirmUser':
    "This erases what the desk holds of {user}{requested, plural, =0 {} other {, a requester in Slack}}: {requested, plural, =0 {they requested no ticket} one {the ticket they requested stays as the customer's service record} other {the # tickets they requested stay as the customer's service record}}{requested, plural, =0 {} other {, the requester shown as `[erased]`, their report and their survey comment erased (the scores stay)}}; their user id and what they typed are erased wherever the desk keeps them, and nothing more is sent to them; their App Home is emptied. Their messages in Slack stay: the desk cannot delete another person's messages (a workspace owner can, or they can); so do the DMs the desk already sent them (their tickets' steps, the survey), which it no longer keeps track of. It cannot be undone.",
  'privacy.erase.entriesUser':
    "{entries, plural, =0 {They have no entry or survey answer on other tickets.} one {Their entries and survey answer on # other ticket are erased too (the entries' actions and times, and the scores, stay).} other {Their entries and survey answers on # other tickets are erased too (the entries' actions and times, and the scores, stay).}}",
  'privacy.erase.followedUser':
    'They follow {count, plural, one {# ticket} other {# tickets}}: they are taken off its followers, and hear of it no more.',
  'privacy.erase.ownedUser':
    "{count, plural, one {# ticket names them as its customer's owner, not a member of the workspace then (the account manager stood in for them): their user id there is replaced by `[erased]`; the ticket stays.} other {# tickets name them as their customer's owner, not a member of the workspace then (the account manager stood in for them): their user id there is replaced by `[erased]`; the tickets stay.}}",
  'privacy.erase.ownedTasksUser':
    "{count, plural, one {# task names them as its customer's owner, not a member of the workspace then (planned for the one who stood in for them): their user id there is replaced by `[erased]`; the task stays.} other {# tasks name them as their customer's owner, not a member of the workspace then (planned for the one who stood in for them): their user id there is replaced by `[erased]`; the tasks stay.}}",
  'privacy.erase.ownerChangesUser':
    "{count, plural, one {# change log entry names them as a customer's owner, before or after the change: their user id there is replaced by `[erased]`; the entry stays.} other {# change log entries name them as a customer's owner, before or after the change: their user id there is replaced by `[erased]`; the entries stay.}}",
  'privacy.erase.entriesCounting':
    '_Counting their entries on other tickets and the customer channel messages not yet made into tickets…_ (erased too, whatever the count)',
  'privacy.erase.waitingUser':
    '{count, plural, one {# ticket waits on them (“Waiting on customer”): it is resumed at the erasure, by the desk, as nobody will be left to answer it; its SLA clock runs again.} other {# tickets wait on them (“Waiting on customer”): they are resumed at the erasure, by the desk, as nobody will be left to answer them; their SLA clocks run again.}}',
  'privacy.erase.resumedUser':
    '{count, plural, one {# ticket that waited on them was resumed by the desk; its SLA clock runs again.} other {# tickets that waited on them were resumed by the desk; their SLA clocks run again.}}',
  'privacy.erase.resumedUserUntold':
    '{count, plural, one {Its assignee and its thread are not told of the resume yet (writing it failed): the desk tells them within a few minutes.} other {# resumes are not told to their assignees and threads yet (writing them failed): the desk tells them within a few minutes.}}',
  'privacy.erase.finishedByUpkeep':
    'An erasure of a Slack user’s personal data {started, select, you {that you started} asked {that you were told waited on a customer’s owner (you are told as that message said; whoever started it is told too)} unknown {(the desk has no record of who started it: you are told as one of its admins)} other {that you did not start (whoever did is no longer an admin of this desk: you are told as one of its admins)}} was cut short before its end; the desk has now finished it: nothing of theirs is left in its records, and {count, plural, one {the ticket that waited on them is back with its assignee, who is told} other {the # tickets that waited on them are back with their assignees, who are told}}. Who it was is not said here: the desk keeps no trace of them.',
  'privacy.erase.givenUpByUpkeep':
    'An erasure of a Slack user’s personal data {started, select, you {that you started} asked {that you were told waited on a customer’s owner (whoever started it is told too)} unknown {(the desk has no record of who started it: you are told as one of its admins)} other {that you did not start (whoever did is no longer an admin of this desk: you are told as one of its admins)}} was cut short before its end, and the desk has given it up: they were made staff since (an agent, manager or admin), and the desk keeps what its staff did, so what was not erased yet is kept, and the erasure cannot be run again. {count, plural, one {The ticket that waited on them and was resumed is back with its assignee, who is told} other {The # tickets that waited on them and were resumed are back with their assignees, who are told}}. Who it was is not said here.',
  'privacy.erase.waitsOnOwnerByUpkeep':
    'An erasure of a Slack user’s personal data {started, select, you {that you started} unknown {(the desk has no record of who started it: you are told as one of its admins)} other {that you did not start (whoever did is no longer an admin of this desk: you are told as one of its admins)}} was cut short before its end, and the desk cannot finish it yet: they own {count, plural, one {customer {codes}} other {the customers {codes}{more, plural, =0 {} one { and # more} other { and # more}}}} now, and are not a member of the workspace (a guest, or of another organisation), and a customer’s owner is part of its file. Give {count, plural, one {that customer} other {each of them}} another owner (Edit customer): the desk then finishes the erasure on its own and tells you. Who it was is not said here.',
  'privacy.erase.inboxUser':
    'Also in {count, plural, one {# customer channel message} other {# customer channel messages}} the desk has not made into tickets yet: theirs, and reactions on theirs, will not become tickets, and the others keep their text without them.',
  'privacy.erase.doneUser':
    'Erased what the desk held of {user}: {count, plural, one {# document} other {# documents}} changed. Recorded in the privacy log.',
  'privacy.erase.ownedDoneUser':
    "{count, plural, one {# ticket named them as its customer's owner (not a member of the workspace then): their user id there is now `[erased]`.} other {# tickets named them as their customer's owner (not a member of the workspace then): their user id there is now `[erased]`.}}",
  'privacy.erase.ownedTasksDoneUser':
    "{count, plural, one {# task named them as its customer's owner (not a member of the workspace then): their user id there is now `[erased]`.} other {# tasks named them as their customer's owner (not a member of the workspace then): their user id there is now `[erased]`.}}",
  'privacy.erase.ownerChangesDoneUser':
    "{count, plural, one {# change log entry named them as a customer's owner (before or after the change): their user id there is now `[erased]`.} other {# change log entries named them as a customer's owner (before or after the change): their user id there is now `[erased]`.}}",
  'settings.field.retentionDays':
    'Anonymise closed tickets, interactions and done or cancelled tasks after (days, 0 = never)',
  'settings.field.tier_satisfaction_strategic':
    'Report target: satisfaction, strategic tier (0-100)',
  'settings.field.tier_satisfaction_key': 'Report target: satisfaction, key tier (0-100)',
  'settings.field.tier_satisfaction_normal': 'Report target: satisfaction, normal tier (0-100)',
  'settings.field.target_repurchase': 'Report target: repurchase rate (%)',
  'settings.hint.target_repurchase':
    'Of the customers who ordered in the period before, those who order again (monthly and quarterly reports).',
  'settings.field.target_referral': 'Report target: referrals among new customers (%)',
  'settings.hint.target_referral':
    'The share of the new customers referred by an existing customer (monthly and quarterly reports).',
  'settings.group.greetings': 'Holiday greetings',
  'settings.about.greetings':
    'The days customers are greeted on (a greeting task 3 days before each)',
  'settings.field.greeting_days': 'Greeting days (one a line)',
  'settings.hint.greeting_days':
    "Name: date. A fixed date as MM-DD (Company anniversary: 06-18), a lunar one as lunar MM-DD (Qixi: lunar 07-07), or a default day by name (Spring Festival, Dragon Boat Festival, Mid-Autumn Festival, National Day, New Year's Day). Delete a line to remove a day; empty: no greetings.",
  'settings.hint.greetings':
    "Greeting tasks are planned for each owner's active customers 3 days before each day (contacts who opted out are skipped). A change applies from the next daily run.",
  'settings.greetings.restore': 'Restore the default days',
  'settings.greetings.restored': 'The five default days are back in the list. Save to keep them.',
  'settings.error.greetingLine': '“{line}”: write name: date, e.g. Qixi: lunar 07-07.',
  'settings.error.greetingDate':
    '“{line}”: the date must be MM-DD, lunar MM-DD or a default day (29 February is not in every year).',
  'settings.error.greetingName': '“{line}”: a name has at most {max} characters.',
  'settings.error.greetingTwice': '“{line}”: another day in the list falls on the same date.',
  'settings.error.greetingTooMany': 'At most {max} greeting days.',
  'settings.group.replies': 'Saved replies',
  'settings.about.replies': 'Texts agents insert, by title, into a message to a requester',
  'settings.field.saved_replies': 'Saved replies',
  'settings.field.saved_reply': 'Saved replies',
  'settings.replies.intro':
    "Texts agents insert, by title, into a delay notice, a progress note or a question to a requester: {count} of at most {max}. `{customer}` and `{ticket}` in a text become the ticket's customer and number.",
  'settings.replies.add': 'Add reply',
  'settings.replies.edit': 'Edit',
  'settings.replies.delete': 'Delete',
  'settings.replies.deleteTitle': 'Delete this saved reply?',
  'settings.replies.deleteText':
    '“{title}” is deleted for everyone: agents no longer find it in the menu.',
  'settings.replies.none': 'No saved replies yet: Add reply makes the first.',
  'settings.replies.page': 'Page {page} of {pages}',
  'settings.replies.previous': 'Previous',
  'settings.replies.next': 'Next',
  'settings.replies.saved': 'Saved “{title}”.',
  'settings.replies.unchanged': 'Nothing changed in “{title}”.',
  'settings.replies.deleted': 'Deleted “{title}”.',
  'settings.replies.gone': 'That reply was deleted meanwhile: the list is as it is now.',
  'settings.reply.addTitle': 'Add saved reply',
  'settings.reply.editTitle': 'Edit saved reply',
  'settings.reply.title': 'Title',
  'settings.reply.titleHint':
    'What agents pick in the menu: at most {max} characters, no other reply titled the same.',
  'settings.reply.text': 'Text',
  'settings.reply.textHint':
    "At most {max} characters. {customer} and {ticket} become the ticket's customer and number when it is inserted.",
  'settings.reply.error.titleMissing': 'Give the reply a title.',
  'settings.reply.error.titleLong': 'A title has at most {max} characters.',
  'settings.reply.error.titleTaken': 'Another reply is titled “{title}”: choose another title.',
  'settings.reply.error.tooMany':
    'There are {max} saved replies already, the most: delete one first.',
  'settings.reply.error.textMissing': 'Write the text agents insert.',
  'settings.reply.error.textLong': 'A text has at most {max} characters.',
  'settings.reply.gone': 'This reply was deleted meanwhile: close this and add it again.',
  'settings.error.replyTitleLong':
    'Reply {n} (“{title}”): its title, the first line, has at most {max} characters.',
  'settings.error.replyNoText':
    'Reply {n} (“{title}”) has no text: its first line is the title, the text goes on the lines below it.',
  'settings.error.replyTextLong': 'Reply {n} (“{title}”): its text has at most {max} characters.',
  'settings.error.replyTitleTwice': 'Reply {n}: another reply is titled “{title}”.',
  'settings.error.replyTooMany': 'At most {max} saved replies ({count} given).',
  'task.mine.page': '{from}-{to} of {total}, due first',
  'task.mine.next': 'Next',
  'task.mine.previous': 'Previous',
  'task.mine.expired':
    'This list can no longer be changed: Slack lets the desk update it for 30 minutes only. Run {list, select, approve {`/task mine approve`} team {`/task team`} other {`/task mine`}} again for a fresh one.',
  'task.mine.unreached':
    'Slack could not be reached to show that page. Try again, or run {list, select, approve {`/task mine approve`} team {`/task team`} other {`/task mine`}} again.',
  'roles.field.manages': 'Manages (account managers)',
  'roles.hint.manages':
    "The account managers this manager manages: they are told of those owners' late files and complaints and see their customers' personal data. An owner nobody manages: every manager.",
  'settings.field.manages': 'Managers and whom they manage',
  'install.page.title': 'Install the customer care desk',
  'install.page.body':
    'Add the desk to your Slack workspace: Slack asks you to allow what the app needs.',
  'install.page.button': 'Add to Slack',
  'install.done.title': 'The desk is installed',
  'install.done.body':
    'Open the app in Slack: its Home tab says what to set up first (an admin of the desk chooses the triage channel with /desk settings).',
  'install.done.open': 'Open Slack',
  'install.done.browser': 'Open Slack in the browser',
  'install.done.orgBody':
    'The desk is installed for your organization. Next, choose the workspaces it is added to.',
  'install.done.orgOpen': 'Choose workspaces',
  'install.failed.title': 'The desk was not installed',
  'install.failed.cancelled': 'You cancelled the installation: nothing was installed.',
  'install.failed.state':
    'This installation link has expired or was opened in another browser. Start again from the install page, in one browser.',
  'install.failed.slack':
    'Slack did not confirm the installation. Start again from the install page; if it fails again, tell the person who runs the desk.',
  'install.failed.other':
    'Something went wrong on our side. Start again from the install page; if it fails again, tell the person who runs the desk.',
  'install.failed.again': 'Start again',
  'ticket.modal.noCustomersYet':
    'This workspace has no customer files yet, and a ticket is always for a customer: close this form, create the customer with /customer new (or ask an agent or account manager to), then run /ticket new again.',
  'install.notServed':
    'The desk is not connected to this workspace (its access was removed, or it was never installed here), so nothing was done. A workspace admin can connect it by installing the app.',
  'install.restarting':
    'The desk is restarting and could not finish this in time, so it may not have been done. Check in a moment, and try again if it was not.',
  'install.restartingNotDone':
    'The desk is restarting, so nothing was done. Try again in a moment.',
  'install.tokenRefused':
    'The desk has lost its connection to Slack (its access to this workspace was removed, or its token replaced), so nothing was done. Tell the person who runs the desk: it needs a new bot token and a restart.',
  'install.otherWorkspace':
    'This desk is not installed in your workspace, so nothing was done. If you work with a team that uses it, write to them in the channel you share: they will answer there.',
  'install.otherOrganisation':
    'This form is for the team that runs this desk, not for people of other organisations, so nothing was saved. Write to them in the channel you share: they will answer there.',
  // The command-line tools (src/cli), in the operator's language (`--locale`, else LANG).
  'cli.args.problem': '{name}: {problem}',
  'cli.args.arguments': 'arguments',
  'cli.args.required': 'required',
  'cli.args.teamRequired': 'required (a Slack team id such as T0123ABCD)',
  'cli.args.teamId': 'a Slack team id such as T0123ABCD',
  'cli.args.userRequired': 'required (a Slack user id such as U0123ABCD)',
  'cli.args.userId': 'a Slack user id such as U0123ABCD',
  'cli.args.oneOf': 'one of {values}',
  'cli.args.requiredOneOf': 'required, one of {values}',
  'cli.args.isoTime': 'an ISO time such as `2026-11-24T09:00:00+08:00`',
  'cli.args.tooLong': 'at most {max, plural, one {# character} other {# characters}}',
  'cli.args.unknownOption': "Unknown option '{option}'",
  'cli.args.notForCommand': "'{option}' is not an option of {command}",
  'cli.args.unexpected': "Unexpected argument '{argument}': this command takes no such argument",
  'cli.args.missingValue': "Option '{option}' needs a value",
  'cli.args.noValue': "Option '{option}' takes no value",
  'cli.args.ambiguousValue':
    "Option '{option}' needs a value (a value starting with '-' is written `{option}=-…`)",
  'cli.args.invalid': 'not a valid value',
  'cli.args.unreadable': 'cannot be read: {detail}',
  'cli.file.symlink':
    '{file} is a symbolic link: nothing written (give the path of the file itself)',
  'cli.file.isDirectory': '{file} is a folder: nothing written (give the name of a file)',
  'cli.file.denied':
    "cannot write {file}: permission denied (another user's file, or a folder you may not write in)",
  'cli.file.notFile': '{file} is not a regular file: nothing written',
  'cli.file.noFolder': 'cannot write {file}: its folder does not exist',
  'cli.file.writeFailed': 'cannot write {file} ({code})',
  'cli.file.readIsDirectory': '{file} is a folder: nothing imported (give the CSV file in it)',
  'cli.file.readNotFile':
    '{file} is not a regular file (a pipe, a device or a socket): nothing imported (give the CSV file)',
  'cli.file.readDenied': 'cannot read {file}: permission denied; nothing imported',
  'cli.file.readFailed': 'cannot read {file} ({code}); nothing imported',
  'cli.failed': '{tool}: {problem}',
  'cli.failed.database': 'the database stopped answering: {detail}',
  'cli.failed.other': 'failed: {detail}',
  // Configuration (.env) and database problems: the tools say them in the operator's language,
  // `npm start` in English (its log lines are English too).
  'config.invalid': 'Invalid configuration:',
  'config.entry': 'entry {entry}: {problem}',
  'config.mongodbUri': 'must be a `mongodb://` or `mongodb+srv://` URI',
  'config.slackUserId': 'must be a Slack user id such as U0123456789',
  'config.slackChannelId': 'must be a Slack channel id such as C0123456789',
  'config.timeZone': 'must be an IANA time zone such as Asia/Shanghai',
  'config.oneOf': 'must be one of {values}',
  'config.envFile': 'cannot read the file it names',
  'config.envFileCode': 'cannot read the file it names ({code})',
  'db.unreachable': 'cannot connect to the database at {hosts}: {detail}',
  'db.unreachableFrom': 'cannot connect to the database ({source}) at {hosts}: {detail}',
  'db.none':
    'No MongoDB available. Use one of these three ways:\n  1. set MONGODB_URI to a running MongoDB (e.g. `mongodb://127.0.0.1:27017`);\n  2. give mongodb-memory-server a mongod: `MONGOMS_SYSTEM_BINARY=/path/to/mongod`, a binary cached in\n     `~/.cache/mongodb-binaries`, or a network that reaches its download host;\n  3. install Java 17+ and Maven, so the project can start mongo-java-server (Maven fetches it once, on first use).\nWhat was tried:',
  'db.fileInUse':
    "the embedded database's file {file} is in use by another process (the desk, or a tool, running with the same DATA_DIR): the embedded database serves one process at a time. Stop that process first, or set MONGODB_URI to a MongoDB that several can share",
  'cli.team.unknown':
    'no workspace {teamId} (known: {known}); a workspace is made when the app is installed there or first used there',
  'cli.team.lookedInUri': '(looked in the database at MONGODB_URI {hosts})',
  'cli.team.lookedInData':
    "(looked in the embedded database in {dir}: a tool reads `.env` and the data folder from the folder it is run in; run it from the desk's folder, or set ENV_FILE, MONGODB_URI or DATA_DIR)",
  'cli.team.unknownNone':
    'no workspace {teamId} (none yet); a workspace is made when the app is installed there or first used there',
  'cli.admins.usage': 'Usage: npm run admins -- --team T0123ABCD [--add U0123ABCD]',
  'cli.admins.added': '{user} is now an admin of {team}',
  'cli.admins.already': '{user} is an admin of {team} already; nothing changed',
  'cli.admins.unknown':
    '{user} is not known to the desk (no role, owns no customer): added as given; check the id (in Slack: their profile, ⋮, Copy member ID)',
  'cli.admins.list': 'admins of {team}: {admins}',
  'cli.admins.none':
    '{team} has no admin; add one (their Slack user id for U0123ABCD): `npm run admins -- --team {team} --add U0123ABCD`',
  'cli.customers.usage':
    "Usage:\n  npm run customers -- import --team T0123ABCD --as U0123ABCD --file customers.csv [--orders orders.csv] [--contacts contacts.csv]\n  npm run customers -- export --team T0123ABCD --as U0123ABCD --out customers.csv [--contacts-out contacts.csv] [--lang zh-CN]\n  (headers in the workspace's language unless --lang en or --lang zh-CN; personal fields masked\n  unless --as is an admin; every export is logged)\n  --at 2026-11-24T09:00:00+08:00 (an ISO time): import as of that time (an export is always of now)",
  'cli.customers.importNeeds': 'import needs --as and --file, --orders or --contacts',
  'cli.customers.exportNeeds': 'export needs --as and --out',
  'cli.customers.exportNoAt': 'export takes no --at',
  'cli.customers.samePath':
    '--out and --contacts-out name the same file ({file}): give each its own, nothing was written',
  'cli.customers.future':
    '--at may not be in the future: new customers would get codes of that year, and a code is never changed',
  'cli.customers.noFile': 'no such file: {file}',
  'cli.customers.notUtf8':
    '{kind}: {file} is not UTF-8, nothing imported from it. Save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8 (Comma delimited)) and import it again.',
  'cli.customers.exported':
    'exported {count, plural, one {# customer} other {# customers}} to {file}',
  'cli.customers.exportedMasked':
    'exported {count, plural, one {# customer} other {# customers}} to {file} (personal fields masked: not an admin)',
  'cli.customers.exportedContacts':
    'exported {count, plural, one {# contact} other {# contacts}} to {file}',
  'cli.customers.file.customers': 'customers',
  'cli.customers.file.orders': 'orders',
  'cli.customers.file.contacts': 'contacts',
  'cli.customers.notRead': '{kind}: not read, nothing imported: {detail}',
  'cli.customers.importedCustomers':
    'customers: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped',
  'cli.customers.importedOrders':
    'orders: {added} added, {duplicates} already there, {skipped} skipped',
  'cli.customers.importedOrdersNumbered':
    'orders: {added} added, {numbered} updated (on file without an order number: given theirs), {delivered} on file given their delivery date, {duplicates} already there, {skipped} skipped',
  'cli.customers.importedOrdersDelivered':
    'orders: {added} added, {delivered} on file given their delivery date, {duplicates} already there, {skipped} skipped',
  'cli.customers.importedContacts':
    'contacts: {added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped',
  'cli.customers.ignoredColumns': 'ignored columns: {columns}',
  'cli.customers.rowError': '{kind} line {line}: {reason}',
  'cli.job.usage':
    "Usage: npm run job -- sla-alerts --team T0123ABCD [--at 2026-11-24T10:00:00+08:00] [--force]\n  (the job's name first, one of the jobs below; a global job runs without --team)\nJobs: {jobs}",
  'cli.job.workspace': '{name} (workspace)',
  'cli.job.global': '{name} (global)',
  'cli.job.failed': '{job} for {team}, slot {slot}: failed (attempt {attempt} of {max}): {error}',
  'cli.job.slot': '{time} (for {period})',
  'cli.job.slotUtc': '{time} UTC',
  'cli.job.ran': '{job} for {team}, slot {slot}: ran',
  'cli.job.ranCounts':
    '{job} for {team}, slot {slot}: ran{why, select, noChannel {, not posted: no digest channel is set} beforeInstall {, not posted: its period ended before the desk served this workspace} alreadyPosted {, not posted again: it was posted before} other {}} ({counts})',
  'cli.job.failedRetried':
    '{job} for {team}, slot {slot}: failed {attempt, plural, one {# time} other {# times}} of {max}{hasError, select, yes { (last error: {error})} other {}}, retried after {at} (use --force to run it now)',
  'cli.job.failedGivenUp':
    '{job} for {team}, slot {slot}: failed {attempt, plural, one {# time} other {# times}} of {max}{hasError, select, yes { (last error: {error})} other {}}, not retried (use --force to run it again)',
  'cli.job.running': '{job} for {team}, slot {slot}: being run by another instance',
  'cli.job.done':
    '{job} for {team}, slot {slot}: already run{why, select, noChannel {, not posted: no digest channel is set} beforeInstall {, not posted: its period ended before the desk served this workspace} alreadyPosted {, not posted again: it was posted before} other {}}{hasCounts, select, yes { ({counts})} other {}} (use --force to run it again)',
  'cli.job.needsTeam': '{name} runs for one workspace: give --team',
  'cli.job.noTeam': '{name} runs for every workspace at once: leave out --team',
  'cli.job.future': '--at may not be in the future',
  'cli.job.outbox': 'outbox: sent {sent}, failed {failed}, given up {dead}, rate limited {limited}',
  'cli.privacy.usage':
    'Usage:\n  npm run privacy -- export --team T0123ABCD --as U0123ABCD --customer C2026001 [--contact 王芳] --out subject\n  npm run privacy -- export --team T0123ABCD --as U0123ABCD --user U0456EFGH [--customer C2026001] [--contact 王芳] --out subject\n  npm run privacy -- erase --team T0123ABCD --as U0123ABCD --customer C2026001 [--contact 王芳] [--yes]\n  npm run privacy -- erase --team T0123ABCD --as U0123ABCD --user U0456EFGH [--yes]\n  npm run privacy -- log --team T0123ABCD --as U0123ABCD [--kind erase|export|retention|view] [--user U0456EFGH]\n  (--as must be an admin; export writes subject.json and subject.csv,\n  --out subject.csv too; --user adds the tickets\n  that Slack user requested and their timeline entries and survey answers on other tickets;\n  erase --user erases a Slack user who has no role on the desk (their tickets stay, the\n  requester [erased]); without --yes, erase only says what it would erase; log lists the\n  latest 100 entries of the privacy log, with --kind those of that kind alone, with --user those\n  about that Slack user)',
  'cli.privacy.needsCustomer': 'erase needs --customer or --user',
  'cli.privacy.exportNeedsSubject': 'export needs --customer, --user or both',
  'cli.privacy.contactNeedsCustomer': "--contact needs --customer (the contact's customer)",
  'cli.privacy.userEraseAlone':
    'erase takes --user alone: a Slack user is erased on their own, a contact with --customer and --contact',
  'cli.privacy.logByUserOnly': 'log takes --user only (the entries about that Slack user)',
  'cli.privacy.noCustomer':
    "No customer has the code {code}. Every customer's code is in the file this writes: `npm run customers -- export --team {team} --as {actor} --out customer-codes.csv`",
  'cli.refusal.admin':
    '{actor} (--as) is not an admin of the desk, and only admins can {action, select, settings {see or change the desk settings} roles {see or change the roles} channels {manage customer channels} privacy {handle data-subject requests and read the privacy log} other {do that}}. Run it with --as set to an admin, or ask one to make {actor} an admin in Slack with `/desk roles`.',
  'cli.refusal.adminAsk':
    '{actor} (--as) is not an admin of the desk, and only admins can {action, select, settings {see or change the desk settings} roles {see or change the roles} channels {manage customer channels} privacy {handle data-subject requests and read the privacy log} other {do that}}. Run it with --as set to one of them ({admins}), or ask one to make {actor} an admin in Slack with `/desk roles`.',
  'cli.refusal.noAdmin':
    'Only an admin of the desk can do this, and {team} has none yet. Make {actor} (--as) one with `npm run admins -- --team {team} --add {actor}`, then run this again.',
  'cli.refusal.roleNoAdmin':
    '{actor} (--as) may not {refused, select, claim {claim tickets} customerCreate {add customers} report {read reports} handover {hand work over} other {do this}}: it needs a desk role, and {team} has no admin yet to give one. Run it with --as set to someone who has one, or make {actor} an admin with `npm run admins -- --team {team} --add {actor}` and give a role in Slack with `/desk roles`.',
  'cli.refusal.guestRead':
    "{actor} (--as) holds no role on the desk (admin, manager, agent, expert or account manager), and a tool can't ask Slack whether they are a member or a guest of the workspace (guests read no customer's file), so nothing was read or written. Run it with --as set to someone who has a role; an admin of the desk gives roles in Slack with `/desk roles`.",
  'cli.privacy.exportNeedsOut': 'export needs --out',
  'cli.privacy.none': 'none',
  'cli.privacy.privacyKeyUnknown':
    'Nothing read or written: this workspace’s privacy log has Slack users keyed with a secret this tool does not have (PRIVACY_KEY was set or changed after they were written). Set PRIVACY_KEY_PREVIOUS to the secret used before (the signing secret, else SLACK_APP_TOKEN, if PRIVACY_KEY was unset), as the running app should have it, then run this again.',
  'cli.privacy.noPrivacyKey':
    'Nothing read or written: the privacy log knows a Slack user by a key made with the secret the app has (PRIVACY_KEY, else SLACK_SIGNING_SECRET, else SLACK_APP_TOKEN), and none of them is set for this tool. Set the same one as the running app (in .env or the environment), then run this again.',
  'cli.privacy.erasureRunning':
    'Not erased: an erasure of {subject} is running (from Slack or another run of this tool), and erasures run one at a time. Run this again when it is done.',
  'cli.privacy.userSubject': 'Slack user {user}',
  'cli.privacy.exported':
    'exported {count, plural, one {# document} other {# documents}} about {subject} to {json} and {csv}',
  'cli.privacy.alreadyErased':
    'customer {code} was already erased on {when}: nothing more to erase, and no other erasure is logged',
  'cli.privacy.erasureUnfinished':
    'customer {code} was erased on {when}, but that erasure was cut short: its name may still be on its channel links and tasks, and the erasure is not in the privacy log. Run again with --yes to finish it',
  'cli.privacy.wouldErase':
    "would erase {whole, select, yes {customer {code} and its {contacts, plural, one {# contact} other {# contacts}}} other {{contacts, plural, one {# contact} other {# contacts}} of {code}}}; also mentioned in other customers' documents: {elsewhere}; run again with --yes",
  'cli.privacy.wouldEraseInbox':
    "would erase {whole, select, yes {customer {code} and its {contacts, plural, one {# contact} other {# contacts}}} other {{contacts, plural, one {# contact} other {# contacts}} of {code}}}; also mentioned in other customers' documents: {elsewhere}; in customer channel messages not yet made into tickets (the events inbox): {inbox, number}; run again with --yes",
  'cli.privacy.erased':
    "erased {whole, select, yes {customer {code}} other {{contacts, plural, one {# contact} other {# contacts}} of {code}}}: {total, plural, one {# other document} other {# other documents}} changed; in other customers' documents: {elsewhere}; ticket cards to update (with the App Homes listing it, by the running app): {cards, number}",
  'cli.privacy.wouldEraseUser':
    "would erase Slack user {user}: {requested, plural, one {# ticket} other {# tickets}} they requested (kept, the requester [erased], their report erased); their entries on {entries, plural, one {# other ticket} other {# other tickets}}; {followed, plural, one {# ticket} other {# tickets}} they follow (taken off the followers){owned, plural, =0 {} one {; # ticket naming them as the customer's owner, not a member of the workspace then (their user id there [erased])} other {; # tickets naming them as the customer's owner, not a member of the workspace then (their user id there [erased])}}{ownedTasks, plural, =0 {} one {; # task naming them as the customer's owner, not a member of the workspace then (their user id there [erased])} other {; # tasks naming them as the customer's owner, not a member of the workspace then (their user id there [erased])}}{ownerChanges, plural, =0 {} one {; # change log entry naming them as a customer's owner, before or after the change (their user id there [erased])} other {; # change log entries naming them as a customer's owner, before or after the change (their user id there [erased])}}; in customer channel messages not yet made into tickets (the events inbox): {inbox, number}; run again with --yes",
  'cli.privacy.overran':
    'this erasure was held up for over 5 minutes, so another erasure may have taken its turn and run beside it: this one may be unfinished, or something it took out kept by the other. Run it again (erasing twice is safe), and any other that ran meanwhile',
  'cli.privacy.erasedUser':
    "erased Slack user {user}: {total, plural, one {# document} other {# documents}} changed{owned, plural, =0 {} one {; # ticket named them as the customer's owner, not a member of the workspace then (their user id there now [erased])} other {; # tickets named them as the customer's owner, not a member of the workspace then (their user id there now [erased])}}{ownedTasks, plural, =0 {} one {; # task named them as the customer's owner, not a member of the workspace then (their user id there now [erased])} other {; # tasks named them as the customer's owner, not a member of the workspace then (their user id there now [erased])}}{ownerChanges, plural, =0 {} one {; # change log entry named them as a customer's owner, before or after the change (their user id there now [erased])} other {; # change log entries named them as a customer's owner, before or after the change (their user id there now [erased])}}; ticket cards to update (with the App Homes listing them, by the running app): {cards, number}",
  'cli.privacy.wouldResumeUser':
    '{count, plural, one {# ticket waits on them ("Waiting on customer"): the erasure resumes it, by the desk, as nobody will be left to answer it; its SLA clock runs again} other {# tickets wait on them ("Waiting on customer"): the erasure resumes them, by the desk, as nobody will be left to answer them; their SLA clocks run again}}',
  'cli.privacy.resumedUser':
    '{count, plural, one {# ticket that waited on them resumed by the desk (its SLA clock runs again); its assignee and thread are told by the running app} other {# tickets that waited on them resumed by the desk (their SLA clocks run again); their assignees and threads are told by the running app}}',
  'cli.privacy.resumedEarlier':
    '{count, plural, one {# ticket resumed by an earlier run of this erasure that was cut short: its resume is told now (its assignee and thread, by the running app)} other {# tickets resumed by an earlier run of this erasure that was cut short: their resumes are told now (their assignees and threads, by the running app)}}',
  'cli.privacy.resumesUntold':
    '{count, plural, one {# resume is not told to its assignee and thread yet (writing it failed): the running app tells it within a few minutes; nothing to run} other {# resumes are not told to their assignees and threads yet (writing them failed): the running app tells them within a few minutes; nothing to run}}',
  'cli.privacy.resumesOwed':
    '{count, plural, one {# ticket that waited on them was resumed by the desk, its assignee and thread not told yet: they are told once this erasure is done, by running it again or, if nobody does, by the running app, which finishes it itself once no other erasure is running} other {# tickets that waited on them were resumed by the desk, their assignees and threads not told yet: they are told once this erasure is done, by running it again or, if nobody does, by the running app, which finishes it itself once no other erasure is running}}',
  'cli.report.usage':
    'Usage: npm run report -- --team T0123ABCD --period 2026-10 [--kind month] [--out october.csv] [--rebuild]\n  (--period: a month 2026-10, a quarter 2026-Q3 or a week 2026-W44; --kind month, quarter or week,\n  else read from the period; the CSV goes to the terminal unless --out)',
  'cli.report.periodFormat': 'a period such as 2026-10, 2026-Q3 or 2026-W44',
  'cli.report.wrongKind':
    'the period is not of that kind (2026-10 is a month, 2026-Q3 a quarter, 2026-W44 a week); leave --kind out to read it from the period',
  'cli.report.invalidPeriod': '{period} is not a valid period',
  'cli.report.beforeDesk':
    '{period} ended before the desk began serving this workspace ({since}): there is no report of it; {ended, select, yes {the first is {first}: --period {first}} other {the first is {first}, once it has ended}}',
  'cli.report.notEnded': '{period} has not ended yet; the last full one is {last}: --period {last}',
  'cli.report.written':
    '{kind, select, week {week} month {month} other {quarter}} {period}: {count, plural, one {# figure} other {# figures}} to {file}',
} as const;

export type MessageKey = keyof typeof en;

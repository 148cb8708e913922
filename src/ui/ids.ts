/**
 * Every Slack id the app owns, in one place: builders put them on blocks and handlers/index.ts
 * registers listeners with the same constants, so a button and its listener cannot drift apart.
 * Slash command names must match manifest.yml.
 */
export const COMMANDS = {
  ticket: '/ticket',
  customer: '/customer',
  desk: '/desk',
  task: '/task',
} as const;

export const EVENTS = {
  appHomeOpened: 'app_home_opened',
  /** Messages; the app listens to those people send it in its Messages tab (message.im). */
  message: 'message',
  /** The app was uninstalled from a workspace (or an org): it stops being served. */
  appUninstalled: 'app_uninstalled',
  /** Tokens revoked: a bot token among them stops its workspace (or org) being served. */
  tokensRevoked: 'tokens_revoked',
  /** An org-wide install added to some workspaces of its org (again): when is noted. */
  teamAccessGranted: 'team_access_granted',
  /** An org-wide install removed from some workspaces of its org: they stop being served. */
  teamAccessRevoked: 'team_access_revoked',
  /** The link's emoji on a customer channel's message (#10). */
  reactionAdded: 'reaction_added',
  /** A channel shared with another organisation (Slack Connect): a desk channel stops being one. */
  channelShared: 'channel_shared',
  /**
   * An organisation left a shared channel: a customer channel whose customer left is marked
   * disconnected (its waiting tickets resume, its agents and the admins are told).
   */
  channelUnshared: 'channel_unshared',
  /** A public channel deleted: it leaves the channels the desk barred (`clearedChannels`). */
  channelDeleted: 'channel_deleted',
  /** A private channel deleted: the same. */
  groupDeleted: 'group_deleted',
} as const;

/** Customer card buttons, modals and the picker. */
export const CUSTOMER = {
  createView: 'customer_create',
  editView: 'customer_edit',
  interactionView: 'customer_interaction',
  orderView: 'customer_order',
  editButton: 'customer_edit_open',
  interactionButton: 'customer_interaction_open',
  orderButton: 'customer_order_open',
  /** Record delivery on the card: the delivery date of an order on file (its revisit). */
  deliveryButton: 'customer_delivery_open',
  deliveryView: 'customer_delivery',
  historyButton: 'customer_history',
  openButton: 'customer_card_open',
  /** Contacts on a card: the modal listing them, its Add button and per-contact menu, the
   * contact form. */
  contactsButton: 'customer_contacts_open',
  contactAdd: 'customer_contact_add',
  contactMenu: 'customer_contact_menu',
  contactView: 'customer_contact',
  contactsView: 'customer_contacts',
  /** Remove in a contact's menu: the small modal that asks first, naming the contact. */
  contactRemoveView: 'customer_contact_remove',
  /** The external_select other modals use to pick a customer. */
  picker: 'customer_picker',
  /** Link a channel to the customer (#10): the card's button and its modal. */
  channelButton: 'customer_channel_open',
  channelView: 'customer_channel',
  /** The Edit modal's needs matrix (#11): a row per need, its marks, Remove, and Add need. */
  needUrgency: 'customer_need_urgency',
  needImportance: 'customer_need_importance',
  needRemove: 'customer_need_remove',
  needAdd: 'customer_need_add',
} as const;

/** Ticket modals, the card's buttons and the message shortcut (callback id in manifest.yml). */
export const TICKET = {
  createView: 'ticket_create',
  fromMessage: 'ticket_from_message',
  newFromCustomer: 'customer_ticket_new',
  claim: 'ticket_claim',
  /** New task about the ticket (its card's menu, or a button when the card has no menu). */
  taskNew: 'ticket_task_new',
  reassignOpen: 'ticket_reassign_open',
  escalateOpen: 'ticket_escalate_open',
  wait: 'ticket_wait',
  /** Waiting on customer when the requester is in Slack: a modal asks the question first. */
  waitOpen: 'ticket_wait_open',
  waitView: 'ticket_wait',
  /** Log response (a customer answered outside Slack): its button and modal. */
  logResponseOpen: 'ticket_log_response_open',
  logResponseView: 'ticket_log_response',
  customerWroteOpen: 'ticket_customer_wrote_open',
  customerWroteView: 'ticket_customer_wrote',
  /**
   * Tell of a delay: the delay notice's modal (REQUESTER.draftView) opened from the card, before
   * any sweep drafted one; the value is the ticket number.
   */
  delayOpen: 'ticket_delay_open',
  /**
   * Reply to requester…: the same modal (REQUESTER.draftView, a `reply`) for a plain answer sent
   * to a requester in Slack; the value is the ticket number.
   */
  replyOpen: 'ticket_reply_open',
  resume: 'ticket_resume',
  noteOpen: 'ticket_note_open',
  resolveOpen: 'ticket_resolve_open',
  reopen: 'ticket_reopen',
  close: 'ticket_close',
  reassignView: 'ticket_reassign',
  escalateView: 'ticket_escalate',
  noteView: 'ticket_note',
  resolveView: 'ticket_resolve',
  /** Open on a list row, a DM or App Home: the ticket's card, privately. */
  open: 'ticket_open',
  /**
   * Next on a ticket list (value `kind:offset`); Previous has an id of its own, as Slack refuses
   * two elements of one block with the same action_id. One listener reads both.
   */
  listPage: 'ticket_list_page',
  listPrevious: 'ticket_list_previous',
  /** A demand's "Plan and dates" card button and its modal (#11, manual B). */
  planOpen: 'ticket_plan_open',
  /** The New ticket modal's type select (dispatches: a complaint shows its urgency input). */
  typeChanged: 'ticket_type_changed',
  planView: 'ticket_plan',
  /** "Classify…" on the card and its modal (type, severity, complaint urgency). */
  classifyOpen: 'ticket_classify_open',
  classifyView: 'ticket_classify',
  /** "Merge into…" on the card and its modal (a duplicate closed into another ticket). */
  mergeOpen: 'ticket_merge_open',
  mergeView: 'ticket_merge',
  /** Followers… (the card's "…" menu): the modal picking who follows the ticket. */
  followersOpen: 'ticket_followers_open',
  followersView: 'ticket_followers',
  /**
   * A card's "…" menu: the rarer actions, each choice doing what its button does (value
   * `action:number`, src/ui/ticket.ts `cardMenuValue`).
   */
  cardMenu: 'ticket_card_menu',
} as const;

/** The Done button on task reminders and the modal it opens. */
/** The App Home tab's buttons. */
export const HOME = {
  resendUndelivered: 'home_resend_undelivered',
  /** An admin's Dismiss beside a customer channel that refused the desk (its value: the channel). */
  dismissRefusal: 'home_dismiss_refusal',
  rolesOpen: 'home_roles_open',
  /** An admin's Settings button: opens the same modal as `/desk settings`. */
  settingsOpen: 'home_settings_open',
} as const;

/** `/desk roles`: its modal and the experts picker that adds a skills input per expert. */
export const PRIVACY = {
  eraseView: 'privacy_erase',
} as const;

/** `/desk handover`: a person's work handed to another. */
export const HANDOVER = {
  view: 'desk_handover',
} as const;

export const ROLES = {
  view: 'desk_roles',
  expertsChanged: 'desk_roles_experts',
  /** Managers picked or removed: a "Manages" input per manager. */
  managersChanged: 'desk_roles_managers',
} as const;

/** `/desk settings`: the group picker, each group's modal, and the public holidays loader. */
export const SETTINGS = {
  /** The modal that lists the groups (no inputs: never submitted). */
  chooserView: 'settings_home',
  groupView: 'settings_group',
  editButton: 'settings_edit',
  loadHolidays: 'settings_load_holidays',
  /** The greetings modal's "Restore the default days": the list drawn again with them. */
  restoreGreetings: 'settings_restore_greetings',
  /** The saved replies' list (`/desk settings replies`), its buttons and a reply's modal. */
  repliesView: 'settings_replies',
  replyView: 'settings_reply',
  replyAdd: 'settings_reply_add',
  replyEdit: 'settings_reply_edit',
  replyDelete: 'settings_reply_delete',
  repliesPage: 'settings_replies_page',
} as const;

export const TASK = {
  doneOpen: 'task_done_open',
  doneView: 'task_done',
  /** Change due date on a task row, and its modal. */
  dueOpen: 'task_due_open',
  dueView: 'task_due',
  /** A task planned by hand: the customer card's New task button and the modal. */
  newOpen: 'customer_task_new',
  newView: 'task_new',
  /** Edit task on a task row, and its modal. */
  editOpen: 'task_edit_open',
  editView: 'task_edit',
  /** Cancel task… on a task row (cancel, or close as customer not reached), and its modal. */
  cancelOpen: 'task_cancel_open',
  cancelView: 'task_cancel',
  /** The "Create task" message shortcut: New task with the message's words and link. */
  fromMessage: 'task_from_message',
  /** A greeting row's menu (Done, Change due date, Edit task): `<verb>:<task id without the team>`. */
  rowMenu: 'task_row_menu',
  /**
   * Next under `/task mine` (the value is where the page starts); Previous has an id of its own
   * (one block's action_ids differ). One listener reads both.
   */
  minePage: 'task_mine_page',
  minePrevious: 'task_mine_previous',
} as const;

/** What the requester is sent (#10): the survey's buttons and modal, the agent's drafts. */
export const REQUESTER = {
  /** Satisfaction buttons: `requester_survey_1` .. `requester_survey_5`. */
  surveyScore: 'requester_survey',
  surveyView: 'requester_survey',
  /** "Send to requester" on a delay notice or progress note draft, and its modal. */
  draftOpen: 'requester_draft_open',
  draftView: 'requester_draft',
  /** The draft modal's saved reply menu: its text goes into the message input. */
  savedReply: 'requester_saved_reply',
  /** "Not solved, reopen" on the resolved notice (thread or DM); the value is the ticket number. */
  reopen: 'requester_reopen',
  /** Follow / Stop following a ticket (the requester's view, a follower's DM); value: its number. */
  follow: 'requester_follow',
  unfollow: 'requester_unfollow',
} as const;

import type { App } from '@slack/bolt';
import { CUSTOMER, HOME, REQUESTER, ROLES, SETTINGS, TASK, TICKET } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { customerCardOpen } from './customer-card-open.js';
import {
  customerContactAdd,
  customerContactMenu,
  customerContactsOpen,
} from './customer-contacts.js';
import { customerEditOpen } from './customer-edit-open.js';
import { customerHistory } from './customer-history.js';
import { customerNeedMark, customerNeedRows } from './customer-needs.js';
import { customerChannelOpen } from './customer-channel-open.js';
import { customerInteractionOpen } from './customer-interaction-open.js';
import { customerOrderOpen } from './customer-order-open.js';
import { customerDeliveryOpen } from './customer-delivery-open.js';
import { customerTaskNew } from './customer-task-new.js';
import { customerTicketNew } from './customer-ticket-new.js';
import { homeResend } from './home-resend.js';
import { homeDismissRefusal } from './home-dismiss.js';
import { rolesExpertsChanged, rolesOpen } from './roles.js';
import {
  homeSettingsOpen,
  settingsEdit,
  settingsLoadHolidays,
  settingsRestoreGreetings,
} from './settings.js';
import {
  settingsRepliesPage,
  settingsReplyAdd,
  settingsReplyDelete,
  settingsReplyEdit,
} from './settings-replies.js';
import { taskCancelOpen } from './task-cancel-open.js';
import { taskDoneOpen } from './task-done-open.js';
import { taskDueOpen } from './task-due-open.js';
import { taskRowMenu } from './task-row-menu.js';
import { taskEditOpen } from './task-edit-open.js';
import { ticketDirect } from './ticket-direct.js';
import { taskMinePage } from './task-mine-page.js';
import { ticketListPage } from './ticket-list-page.js';
import { requesterDraftOpen } from './requester-draft-open.js';
import { requesterFollow } from './requester-follow.js';
import { requesterReopen } from './requester-reopen.js';
import { requesterSavedReply } from './requester-saved-reply.js';
import { SURVEY_BUTTON, surveyAnswer } from './survey-answer.js';
import { ticketCardMenu } from './ticket-card-menu.js';
import { ticketTaskNew } from './ticket-task-new.js';
import { ticketLogResponseOpen } from './ticket-log-response-open.js';
import { ticketCustomerWroteOpen } from './ticket-customer-wrote-open.js';
import { ticketModalOpen } from './ticket-modal-open.js';
import { ticketFollowersOpen } from './ticket-followers-open.js';
import { ticketOpen } from './ticket-open.js';
import { ticketTypeChanged } from './ticket-type-changed.js';

export function registerActions(app: App, deps: HandlerDeps): void {
  app.action(CUSTOMER.editButton, customerEditOpen(deps));
  app.action(CUSTOMER.interactionButton, customerInteractionOpen(deps));
  app.action(CUSTOMER.channelButton, customerChannelOpen(deps));
  app.action(CUSTOMER.orderButton, customerOrderOpen(deps));
  app.action(CUSTOMER.deliveryButton, customerDeliveryOpen(deps));
  app.action(CUSTOMER.historyButton, customerHistory(deps));
  app.action(CUSTOMER.openButton, customerCardOpen(deps));
  app.action(CUSTOMER.contactsButton, customerContactsOpen(deps));
  app.action(CUSTOMER.contactAdd, customerContactAdd(deps));
  app.action(CUSTOMER.contactMenu, customerContactMenu(deps));
  app.action(CUSTOMER.needAdd, customerNeedRows(deps, 'add'));
  app.action(CUSTOMER.needRemove, customerNeedRows(deps, 'remove'));
  app.action(CUSTOMER.needUrgency, customerNeedMark(deps, CUSTOMER.needUrgency));
  app.action(CUSTOMER.needImportance, customerNeedMark(deps, CUSTOMER.needImportance));
  app.action(TICKET.newFromCustomer, customerTicketNew(deps));
  app.action(TICKET.claim, ticketDirect(deps, 'claim'));
  app.action(TICKET.wait, ticketDirect(deps, 'wait'));
  app.action(TICKET.resume, ticketDirect(deps, 'resume'));
  app.action(TICKET.reopen, ticketDirect(deps, 'reopen'));
  app.action(TICKET.close, ticketDirect(deps, 'close'));
  app.action(TICKET.reassignOpen, ticketModalOpen(deps, 'reassign'));
  app.action(TICKET.escalateOpen, ticketModalOpen(deps, 'escalate'));
  app.action(TICKET.noteOpen, ticketModalOpen(deps, 'note'));
  app.action(TICKET.mergeOpen, ticketModalOpen(deps, 'merge'));
  app.action(TICKET.followersOpen, ticketFollowersOpen(deps));
  app.action(TICKET.resolveOpen, ticketModalOpen(deps, 'resolve'));
  app.action(TICKET.planOpen, ticketModalOpen(deps, 'plan'));
  app.action(TICKET.classifyOpen, ticketModalOpen(deps, 'classify'));
  app.action(TICKET.typeChanged, ticketTypeChanged(deps));
  app.action(TICKET.waitOpen, ticketModalOpen(deps, 'wait'));
  app.action(TICKET.logResponseOpen, ticketLogResponseOpen(deps));
  app.action(TICKET.customerWroteOpen, ticketCustomerWroteOpen(deps));
  app.action(TICKET.cardMenu, ticketCardMenu(deps));
  app.action(TICKET.taskNew, ticketTaskNew(deps));
  app.action(SURVEY_BUTTON, surveyAnswer(deps));
  app.action(REQUESTER.draftOpen, requesterDraftOpen(deps));
  app.action(TICKET.delayOpen, requesterDraftOpen(deps, TICKET.delayOpen));
  app.action(TICKET.replyOpen, requesterDraftOpen(deps, TICKET.replyOpen));
  app.action(REQUESTER.reopen, requesterReopen(deps));
  app.action(REQUESTER.follow, requesterFollow(deps, true));
  app.action(REQUESTER.unfollow, requesterFollow(deps, false));
  app.action(REQUESTER.savedReply, requesterSavedReply(deps));
  app.action(TICKET.open, ticketOpen(deps));
  app.action(TICKET.listPage, ticketListPage(deps));
  app.action(TICKET.listPrevious, ticketListPage(deps, TICKET.listPrevious));
  app.action(TASK.doneOpen, taskDoneOpen(deps));
  app.action(TASK.dueOpen, taskDueOpen(deps));
  app.action(TASK.rowMenu, taskRowMenu(deps));
  app.action(TASK.editOpen, taskEditOpen(deps));
  app.action(TASK.cancelOpen, taskCancelOpen(deps));
  app.action(TASK.minePage, taskMinePage(deps));
  app.action(TASK.minePrevious, taskMinePage(deps, TASK.minePrevious));
  app.action(TASK.newOpen, customerTaskNew(deps));
  app.action(HOME.resendUndelivered, homeResend(deps));
  app.action(HOME.dismissRefusal, homeDismissRefusal(deps));
  app.action(HOME.rolesOpen, rolesOpen(deps));
  app.action(ROLES.expertsChanged, rolesExpertsChanged(deps));
  app.action(ROLES.managersChanged, rolesExpertsChanged(deps));
  app.action(HOME.settingsOpen, homeSettingsOpen(deps));
  app.action(SETTINGS.editButton, settingsEdit(deps));
  app.action(SETTINGS.loadHolidays, settingsLoadHolidays(deps));
  app.action(SETTINGS.restoreGreetings, settingsRestoreGreetings(deps));
  app.action(SETTINGS.replyAdd, settingsReplyAdd(deps));
  app.action(SETTINGS.replyEdit, settingsReplyEdit(deps));
  app.action(SETTINGS.replyDelete, settingsReplyDelete(deps));
  app.action(SETTINGS.repliesPage, settingsRepliesPage(deps));
}

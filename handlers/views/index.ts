import type { App } from '@slack/bolt';
import {
  CUSTOMER,
  HANDOVER,
  PRIVACY,
  REQUESTER,
  ROLES,
  SETTINGS,
  TASK,
  TICKET,
} from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { customerContact } from './customer-contact.js';
import { customerContactRemove } from './customer-contact-remove.js';
import { customerCreate } from './customer-create.js';
import { customerEdit } from './customer-edit.js';
import { customerChannel } from './customer-channel.js';
import { customerInteraction } from './customer-interaction.js';
import { customerOrder } from './customer-order.js';
import { customerDelivery } from './customer-delivery.js';
import { handoverView } from './handover.js';
import { privacyErase } from './privacy-erase.js';
import { rolesView } from './roles.js';
import { settingsGroupSave } from './settings-group.js';
import { settingsReplySave } from './settings-reply.js';
import { taskCancel } from './task-cancel.js';
import { taskDone } from './task-done.js';
import { taskDue } from './task-due.js';
import { taskEdit } from './task-edit.js';
import { taskNew } from './task-new.js';
import { requesterDraftSend } from './requester-draft.js';
import { surveyDetails } from './survey-details.js';
import { ticketActionView } from './ticket-action.js';
import { ticketFollowersView } from './ticket-followers.js';
import { ticketLogResponse } from './ticket-log-response.js';
import { ticketCustomerWrote } from './ticket-customer-wrote.js';
import { ticketCreate } from './ticket-create.js';

export function registerViews(app: App, deps: HandlerDeps): void {
  app.view(CUSTOMER.createView, customerCreate(deps));
  app.view(CUSTOMER.editView, customerEdit(deps));
  app.view(CUSTOMER.contactView, customerContact(deps));
  app.view(CUSTOMER.contactRemoveView, customerContactRemove(deps));
  app.view(CUSTOMER.interactionView, customerInteraction(deps));
  app.view(CUSTOMER.channelView, customerChannel(deps));
  app.view(CUSTOMER.orderView, customerOrder(deps));
  app.view(CUSTOMER.deliveryView, customerDelivery(deps));
  app.view(TICKET.createView, ticketCreate(deps));
  app.view(TICKET.reassignView, ticketActionView(deps, 'reassign'));
  app.view(TICKET.escalateView, ticketActionView(deps, 'escalate'));
  app.view(TICKET.noteView, ticketActionView(deps, 'note'));
  app.view(TICKET.mergeView, ticketActionView(deps, 'merge'));
  app.view(TICKET.followersView, ticketFollowersView(deps));
  app.view(TICKET.resolveView, ticketActionView(deps, 'resolve'));
  app.view(TICKET.planView, ticketActionView(deps, 'plan'));
  app.view(TICKET.classifyView, ticketActionView(deps, 'classify'));
  app.view(TICKET.waitView, ticketActionView(deps, 'wait'));
  app.view(TICKET.logResponseView, ticketLogResponse(deps));
  app.view(TICKET.customerWroteView, ticketCustomerWrote(deps));
  app.view(REQUESTER.surveyView, surveyDetails(deps));
  app.view(REQUESTER.draftView, requesterDraftSend(deps));
  app.view(TASK.doneView, taskDone(deps));
  app.view(TASK.dueView, taskDue(deps));
  app.view(TASK.editView, taskEdit(deps));
  app.view(TASK.cancelView, taskCancel(deps));
  app.view(TASK.newView, taskNew(deps));
  app.view(ROLES.view, rolesView(deps));
  app.view(SETTINGS.groupView, settingsGroupSave(deps));
  app.view(SETTINGS.replyView, settingsReplySave(deps));
  app.view(PRIVACY.eraseView, privacyErase(deps));
  app.view(HANDOVER.view, handoverView(deps));
}

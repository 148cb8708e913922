import type { Connection } from 'mongoose';
import {
  customerChangeSchema,
  customerSchema,
  interactionSchema,
  orderSchema,
} from '../customer/model.js';
import { jobRunSchema } from '../schedule/model.js';
import { ticketSchema } from '../ticket/model.js';
import { workspaceSchema } from '../workspace/model.js';
import { sequenceSchema } from './sequence.js';

/** Every collection, registered on one connection. Only repositories use these. */
export function createModels(conn: Connection) {
  return {
    workspaces: conn.model('Workspace', workspaceSchema),
    sequences: conn.model('Sequence', sequenceSchema),
    customers: conn.model('Customer', customerSchema),
    orders: conn.model('Order', orderSchema),
    interactions: conn.model('Interaction', interactionSchema),
    customerChanges: conn.model('CustomerChange', customerChangeSchema),
    tickets: conn.model('Ticket', ticketSchema),
    jobRuns: conn.model('JobRun', jobRunSchema),
  };
}

export type Models = ReturnType<typeof createModels>;

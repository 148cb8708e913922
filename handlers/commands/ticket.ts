// Usage: /ticket help
// Service tickets. Subcommands arrive with the tickets issue; until then only help answers.
import { COMMANDS } from '../../src/ui/ids.js';
import type { CommandSpec } from './router.js';

export const ticketCommand: CommandSpec = {
  command: COMMANDS.ticket,
  title: 'help.ticket.title',
  subcommands: [],
};

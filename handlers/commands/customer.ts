// Usage: /customer help
// Customer files. Subcommands arrive with the customers issue; until then only help answers.
import { COMMANDS } from '../../src/ui/ids.js';
import type { CommandSpec } from './router.js';

export const customerCommand: CommandSpec = {
  command: COMMANDS.customer,
  title: 'help.customer.title',
  subcommands: [],
};

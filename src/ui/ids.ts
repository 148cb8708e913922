/**
 * Every Slack id the app owns, in one place: builders put them on blocks and handlers/index.ts
 * registers listeners with the same constants, so a button and its listener cannot drift apart.
 * Slash command names must match manifest.yml.
 */
export const COMMANDS = {
  ticket: '/ticket',
  customer: '/customer',
} as const;

export const EVENTS = {
  appHomeOpened: 'app_home_opened',
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
  historyButton: 'customer_history',
  openButton: 'customer_card_open',
  /** The external_select other modals use to pick a customer. */
  picker: 'customer_picker',
} as const;

/**
 * The bot scopes an install asks for: exactly manifest.yml's `oauth_config.scopes.bot`
 * (test/unit/manifest-scopes.test.ts holds the two together).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'channels:history',
  'groups:history',
  'im:history',
  'channels:read',
  'groups:read',
  'reactions:read',
  'files:write',
  'users:read',
] as const;

/**
 * What erased text (and an erased person's id) reads as (src/context.ts and
 * src/privacy/subjects.ts re-export it): a module of its own, below every layer, so the ticket's
 * own rules can tell an erased entry without importing the privacy layer, and the catalogue's
 * filling (src/i18n, which src/context.ts imports) an erased person named by mention.
 */
export const ERASED = '[erased]';

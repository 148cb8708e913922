import { MINUTE_JOB_LEASE_MS, type GlobalJob } from '../src/schedule/job.js';
import { minuteSlot } from '../src/schedule/slots.js';

/**
 * The outbox's upkeep, across workspaces, every minute: tickets and tasks whose change was saved
 * but whose notices or DMs never reached the outbox (the process died in between), a Followers…
 * addition's "you now follow" DMs among them, get them written (keys already written are left
 * alone), upgrade intents saved with their interaction
 * but never handed to the owner get their hand-off (src/flows/upgrades.ts), dated next steps
 * logged but never planned get their task (CustomerFlows.repairNextSteps), customers renamed
 * whose open tasks and channel links never got the new name get it, and customers handed to
 * another owner whose open tickets never got the new account manager get them, their complaint
 * cards and the Homes drawn again (CustomerFlows.repairCopies), desk channels cleared whose
 * admins' DM was never written get it (SettingsFlows.repairClearNotices), `/desk roles` saves
 * whose guest owners' open tickets and tasks never went to the new stand-in get them moved
 * (SettingsFlows.repairStandIns), tickets an erasure by
 * Slack user resumed and was done with but did not announce get their announcement
 * (PrivacyFlows.repairResumes), and those it resumed and was never done with (its process
 * stopped, nobody ran it again) are run again, once its lease has run out, to the end
 * (PrivacyFlows.finishErasures), hand-overs' late notices kept as owed but never written get
 * written (HandoverFlows.repairLate), tasks done whose interaction was never logged get it
 * (TaskFlows.repairDone), survey answers whose details DMs to the managers and the
 * recovery call's owner were never written get them (RequesterFlows.repairDetails), and those
 * whose triage card's refresh was never written get it (RequesterFlows.repairCards), entries sent
 * more than a week ago are forgotten, and so are App Home openings older than HOME_OPENED_DAYS. Delivery itself
 * is the outbox worker's loop, apart from the jobs, so a burst never holds them up.
 */
export const outboxJob: GlobalJob = {
  name: 'outbox',
  scope: 'global',
  slotAt: (now) => minuteSlot(now),
  leaseMs: MINUTE_JOB_LEASE_MS,
  lane: 'minute',
  run: async (deps, run) => {
    const { repaired, takenBack } = await deps.flows.tickets.repairNotices(run.now, run.log);
    const tasks = await deps.flows.tasks.repairNotices(run.now, run.log);
    const done = await deps.flows.tasks.repairDone(run.now, run.log);
    const details = await deps.flows.requester.repairDetails(run.now, run.log);
    const surveyCards = await deps.flows.requester.repairCards(run.now, run.log);
    const upgrades = await deps.flows.upgrades.repair(run.now, run.log);
    const nextSteps = await deps.flows.customers.repairNextSteps(run.now, run.log);
    const names = await deps.flows.customers.repairCopies(run.now, run.log);
    const clears = await deps.flows.settings.repairClearNotices(run.now, run.log);
    const standIns = await deps.flows.settings.repairStandIns(run.now, run.log);
    const erasures = await deps.flows.privacy.finishErasures(run.now, run.log);
    const resumes = await deps.flows.privacy.repairResumes(run.now, run.log);
    const handovers = await deps.flows.handover.repairLate(run.now, run.log);
    const purged = await deps.services.outbox.purge(run.now);
    const homeOpens = await deps.services.outbox.forgetHomeOpens(run.now);
    return {
      repaired,
      tasksRepaired: tasks.repaired,
      upgradesRepaired: upgrades.repaired,
      nextStepsRepaired: nextSteps.repaired,
      purged,
      // Said only when a customer's copies needed it: a rename's name, a change of owner's
      // account manager on its open tickets (a rare repair).
      ...(names.repaired ? { copiesRepaired: names.repaired } : {}),
      ...(homeOpens ? { homeOpensForgotten: homeOpens } : {}),
      // Said only when a cleared desk channel's DM was owed (a clear cut off before it).
      ...(clears.repaired ? { clearsTold: clears.repaired } : {}),
      // Said only when a /desk roles save's stand-in moves were owed (cut off before them).
      ...(standIns.repaired ? { standInsMoved: standIns.repaired } : {}),
      // Said only when an erasure by Slack user left unfinished with resumes owed was run again.
      ...(erasures.finished ? { erasuresFinished: erasures.finished } : {}),
      // Said only when an erasure by Slack user was done with a resume it did not announce.
      ...(resumes.repaired ? { resumesTold: resumes.repaired } : {}),
      // Said only when a Done's interaction was owed (a failure after its save, or cut off).
      ...(done.repaired ? { doneInteractionsRepaired: done.repaired } : {}),
      // Said only when a survey answer's details DMs were owed (a failure after its save).
      ...(details.repaired ? { surveyDetailsRepaired: details.repaired } : {}),
      ...(surveyCards.repaired ? { surveyCardsRepaired: surveyCards.repaired } : {}),
      // Said only when a hand-over's late notice was owed (its write failed or was cut off).
      ...(handovers.repaired ? { handoverLateTold: handovers.repaired } : {}),
      // Said only when a new ticket cut short before its re-check was taken back (erased).
      ...(takenBack ? { intakeTakenBack: takenBack } : {}),
    };
  },
};

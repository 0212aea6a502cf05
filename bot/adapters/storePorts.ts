import type {
  AssignmentStore,
  Assignments,
  AuditLog,
  ConversationStore,
  NudgeStore,
  Outbox,
  PartnerAnswerLog,
  SigningKeys,
  StoreLifecycle,
} from '../core';

/** What each store (SQLite, PostgreSQL) builds, one module per port, under the ports' names. */
export interface StorePorts {
  assignments: Assignments;
  audit: AuditLog;
  partnerAnswers: PartnerAnswerLog;
  conversations: ConversationStore;
  outbox: Outbox;
  nudges: NudgeStore;
  signingKeys: SigningKeys;
}

/**
 * A store as it is opened: every port's methods on one object, with health and close. One object, so that a test
 * can stand in for one method of it and the whole app sees the stand-in.
 */
export type Store = AssignmentStore & ConversationStore & Outbox & NudgeStore & SigningKeys;

/** The ports and the store's lifecycle as one Store; no two ports have a method of the same name. */
export function oneStore(ports: StorePorts, lifecycle: StoreLifecycle): Store {
  return {
    ...ports.assignments,
    ...ports.audit,
    ...ports.partnerAnswers,
    ...ports.conversations,
    ...ports.outbox,
    ...ports.nudges,
    ...ports.signingKeys,
    health: () => lifecycle.health(),
    close: () => lifecycle.close(),
  };
}

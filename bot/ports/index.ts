export * from './directories';
export * from './assignmentStore';
export * from './conversationStore';
export * from './clock';
export * from './outbox';
export * from './mailer';
export * from './teamsNotifier';
export * from './upstreamErrors';

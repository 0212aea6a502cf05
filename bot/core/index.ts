// The core's one door: everything outside bot/core imports the domain and its ports from here.
export * from './auditExport';
export * from './batchChanges';
export * from './changeEvents';
export * from './changeableSubscriptions';
export * from './errors';
export * from './events';
export * from './messages';
export * from './outcomes';
export * from './partnerNotifications';
export * from './partnerOfRecordService';
export * from './ports';
export * from './rules';
export * from './types';
export * from './upstreamErrors';

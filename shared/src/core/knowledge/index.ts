export * from './knowledge-entry';
export * from './csv';
export * from './message-fingerprint';
export * from './validate-knowledge-csv';
export * from './learn-from-resolution';

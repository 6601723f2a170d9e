export * from './finding.js';
export * from './scan.js';
export * from './plan.js';
export * from './scopes.js';
export * from './backup.js';
export * from './verify.js';
export * from './validate.js';
export * from './rollup.js';

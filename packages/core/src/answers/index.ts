export * from './answers.js';
export * from './who-can.js';
export * from './explain.js';

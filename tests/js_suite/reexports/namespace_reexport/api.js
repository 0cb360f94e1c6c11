export * as impl from './impl.js';

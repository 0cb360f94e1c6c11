import { hit, saw } from './tools.js';

export function work() {
  hit();
  saw();
}

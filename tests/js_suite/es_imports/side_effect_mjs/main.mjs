import './setup.mjs';
import { init } from './setup.mjs';

export function go() {
  init();
}

import { Clock } from './clock';
import { readFileSync } from 'node:fs';

class Job {
  private clock: Clock;
  constructor() {
    this.clock = new Clock();
  }
  run(): string {
    this.clock.now();
    return readFileSync('x', 'utf8');
  }
}

const j: Job = new Job();
j.run();

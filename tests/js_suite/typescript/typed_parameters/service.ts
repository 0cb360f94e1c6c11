import { Repo } from './repo';

export class Service {
  constructor(private repo: Repo) {}
  store(v: string): void {
    this.repo.save(v);
  }
}

export function make(r: Repo): Service {
  r.save('a');
  return new Service(r);
}

export function start() {
  return boot();
}

function boot() {}

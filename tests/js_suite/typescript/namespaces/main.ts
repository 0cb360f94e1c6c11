namespace Util {
  export function format(s: string): string {
    return trim(s);
  }
  function trim(s: string): string {
    return s;
  }
}

function run(): string {
  return Util.format('a');
}

run();

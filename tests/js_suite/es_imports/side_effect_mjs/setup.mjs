export function init() {}

init();

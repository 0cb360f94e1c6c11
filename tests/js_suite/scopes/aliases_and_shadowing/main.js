function f() {}
function h() {}
const g = f;

function local() {
  const f = h;
  f();
}

g();
local();

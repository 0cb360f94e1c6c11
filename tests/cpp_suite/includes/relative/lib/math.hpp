// Helpers defined inline in a header, included with a relative path.
#pragma once

namespace lib {
inline int add(int a, int b) { return a + b; }
inline int inc(int a) { return add(a, 1); }
}  // namespace lib

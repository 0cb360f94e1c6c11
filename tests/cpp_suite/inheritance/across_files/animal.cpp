#include <animal.hpp>

namespace zoo {
int Animal::legs() const { return 4; }
int Animal::describe() const { return legs(); }
}  // namespace zoo

#include <bird.hpp>

int zoo::Bird::legs() const { return 2; }

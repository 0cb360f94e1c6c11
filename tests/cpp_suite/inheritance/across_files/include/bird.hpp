#pragma once
#include "animal.hpp"

namespace zoo {
class Bird : public Animal {
public:
    int legs() const override;
    int fly() const { return describe() + legs(); }
};
}  // namespace zoo

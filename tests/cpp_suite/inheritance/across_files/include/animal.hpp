#pragma once

namespace zoo {
class Animal {
public:
    virtual ~Animal() = default;
    virtual int legs() const;
    int describe() const;
};
}  // namespace zoo

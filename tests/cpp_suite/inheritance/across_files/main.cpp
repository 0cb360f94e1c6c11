#include <bird.hpp>

int count(const zoo::Animal& a) { return a.legs(); }

int main() {
    zoo::Bird b;
    return count(b) + b.fly() + b.describe() + b.legs();
}

// `auto` takes the type of its initialiser: a field, an address, a member's result, a copy.
class Wheel {
public:
    void spin() {}
};

class Car {
public:
    Wheel front;
    Wheel& spare() { return front; }
    void honk() {}
};

int main() {
    Car car;
    auto& w = car.front;
    w.spin();
    auto* c = &car;
    c->honk();
    auto s = car.spare();
    s.spin();
    auto copy = car;
    copy.honk();
    return 0;
}

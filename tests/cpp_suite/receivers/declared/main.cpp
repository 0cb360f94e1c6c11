// The static type of the object: parameters, pointers, references, fields (also through
// `this->` and a chain of fields), and a namespace-level variable.
class Engine {
public:
    void start() {}
    int rpm() const { return 1000; }
};

class Wheel {
public:
    void spin() {}
};

class Car {
public:
    void drive() {
        engine.start();
        this->front.spin();
        back->spin();
    }
    Engine engine;
    Wheel front;
    Wheel* back = nullptr;
};

class Garage {
public:
    Car car;
    void open() { car.engine.start(); }
};

Engine spare;

int inspect(const Car& c, Garage* g, Engine& e) {
    g->open();
    g->car.drive();
    spare.start();
    return c.engine.rpm() + e.rpm();
}

int main() {
    Garage g;
    Car* c = &g.car;
    c->drive();
    return inspect(*c, &g, spare);
}

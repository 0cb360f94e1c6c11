// Types from initialisers: `new`, `auto x = T(...)`, `std::make_unique<T>`, smart pointers,
// a factory's declared result type, and calls on a call's result.
#include <memory>

class Logger {
public:
    void write(int level) {}
};

class Service {
public:
    Logger& logger() { return log_; }
    void run() { logger().write(1); }

private:
    Logger log_;
};

Service* make_service() { return new Service(); }

int main() {
    auto a = new Service();
    auto b = std::make_unique<Service>();
    std::shared_ptr<Logger> c = std::make_shared<Logger>();
    auto d = make_service();
    auto e = Logger();
    a->run();
    b->run();
    c->write(2);
    d->logger().write(3);
    e.write(4);
    make_service()->run();
    delete a;
    delete d;
    return 0;
}

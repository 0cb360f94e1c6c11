// Type aliases (`typedef`, `using`, of a smart pointer too) name the class they alias.
#include <memory>

class Engine {
public:
    void start() {}
    static Engine* create() { return new Engine(); }
};

typedef Engine Motor;
using EnginePtr = std::shared_ptr<Engine>;

namespace fleet {
using Unit = ::Engine;
}

int main() {
    Motor m;
    m.start();
    EnginePtr p = std::make_shared<Engine>();
    p->start();
    fleet::Unit u;
    u.start();
    Motor* raw = Motor::create();
    raw->start();
    delete raw;
    return 0;
}

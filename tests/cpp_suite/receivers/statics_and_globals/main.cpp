// Static data members, namespace-level variables (qualified or not), a trailing return type
// and an alias of a container type.
#include <vector>

class Engine {
public:
    void start() {}
};

class Registry {
public:
    static Registry* instance_;
    static Registry& get() { return *instance_; }
    void add() {}
};

Registry* Registry::instance_ = nullptr;

namespace config {
Engine main_engine;
}

Engine backup;

auto make_engine() -> Engine* { return new Engine(); }

using Engines = std::vector<Engine>;

int main() {
    Registry r;
    Registry::instance_ = &r;
    Registry::instance_->add();
    Registry::get().add();
    config::main_engine.start();
    ::backup.start();
    backup.start();
    make_engine()->start();
    Engines all(2);
    for (auto& e : all) {
        e.start();
    }
    return 0;
}

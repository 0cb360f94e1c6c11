// Values of standard maps: `m[key]`, `m.at(key)` and structured bindings over the map.
#include <map>
#include <memory>
#include <string>

class Task {
public:
    void run() {}
};

class Scheduler {
public:
    void tick() {
        for (auto& [name, task] : tasks_) {
            task->run();
        }
    }
    std::map<std::string, std::unique_ptr<Task>> tasks_;
};

void by_key(std::map<std::string, Task>& m) { m["a"].run(); }

void checked(const std::map<int, Task*>& m) { m.at(1)->run(); }

int main() {
    std::map<std::string, Task> m;
    m["a"];
    by_key(m);
    std::map<int, Task*> p{{1, &m["a"]}};
    checked(p);
    Scheduler s;
    s.tasks_["t"] = std::make_unique<Task>();
    s.tick();
    return 0;
}

// Element types of standard containers: `for (auto& t : tasks)` over a std::vector<Task>,
// `tasks[0]`, `tasks.front()`; a block-scoped redeclaration is resolved per block.
#include <vector>

class Task {
public:
    void run() {}
};

class Job {
public:
    void run() {}
};

void run_all(std::vector<Task>& tasks) {
    for (auto& t : tasks) {
        t.run();
    }
}

void run_first(std::vector<Task>& tasks) { tasks[0].run(); }

void run_front(std::vector<Task>& tasks) { tasks.front().run(); }

void scoped() {
    Job item;
    {
        Task item;
        item.run();
    }
    item.run();
}

int main() {
    std::vector<Task> tasks(2);
    run_all(tasks);
    run_first(tasks);
    run_front(tasks);
    scoped();
    return 0;
}

// Past the resolver: the static type of a CRTP downcast (`static_cast<D*>(this)->impl()`)
// and the result of a function template called with explicit arguments (`make<Task>()`
// returns a Task).
class Task {
public:
    void run() {}
};

template <typename D>
class Base {
public:
    void go() { static_cast<D*>(this)->impl(); }
};

class Derived : public Base<Derived> {
public:
    void impl() {}
};

template <typename T>
T make() {
    return T();
}

void launch() { make<Task>().run(); }

int main() {
    Derived d;
    d.go();
    launch();
    return 0;
}

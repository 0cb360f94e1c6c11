// Calls that depend on a template parameter have no target until instantiation: no edges.
// Calls that do not depend on it are resolved as usual.
class Cat {
public:
    int speak() const { return 1; }
};

class Dog {
public:
    int speak() const { return 2; }
};

int log_call() { return 0; }

template <typename T>
int make_speak(const T& animal) {
    log_call();
    return animal.speak();
}

template <typename T>
class Holder {
public:
    int call() { return item_.speak() + log_call(); }

private:
    T item_;
};

int main() {
    Holder<Dog> h;
    return make_speak(Cat()) + h.call();
}

// Inherited members found through the bases; `Base::m()` calls the base's version.
#include <stdexcept>

class Animal {
public:
    void breathe() {}
    void speak() { breathe(); }
};

class Dog : public Animal {
public:
    void speak() {
        Animal::speak();
        wag();
    }
    void wag() { breathe(); }
};

class Puppy : public Dog {
public:
    void play() {
        speak();
        this->breathe();
    }
};

class Oops : public std::runtime_error {
public:
    Oops() : std::runtime_error("oops") {}
};

int main() {
    Puppy p;
    p.play();
    p.wag();
    Dog d;
    d.speak();
    d.breathe();
    return 0;
}

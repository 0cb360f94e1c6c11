// Constructor overloads by arity, a constructor delegating to another, and a member
// object constructed in an initialiser list.
class Engine {
public:
    Engine(int power) : power_(power) {}
    int power() const { return power_; }

private:
    int power_;
};

class Car {
public:
    Car() : Car(100) {}
    Car(int power) : engine_(power) {}
    Car(int power, int boost) : engine_(power + boost) {}
    int speed() const { return engine_.power() * 2; }

private:
    Engine engine_;
};

int main() {
    Car slow;
    Car fast(200, 50);
    return slow.speed() + fast.speed();
}

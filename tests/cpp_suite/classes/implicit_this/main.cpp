// Member functions calling each other: implicitly, through `this->`, and a static member.
class Counter {
public:
    static Counter make() { return Counter(); }
    void add(int n) {
        value_ += n;
        check();
    }
    void reset() { this->add(-value_); }
    int value() const { return value_; }

private:
    void check() {
        if (value_ < 0) {
            value_ = 0;
        }
    }
    int value_ = 0;
};

int main() {
    Counter c = Counter::make();
    c.add(2);
    c.reset();
    return c.value();
}

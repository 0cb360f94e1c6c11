// Member function pointers and a function object: no static target.
class Calc {
public:
    int neg(int x) const { return -x; }
    int operator()(int x) const { return x + 1; }
};

struct Table {
    int (*handler)(int);
};

int ident(int x) { return x; }

int main() {
    int (Calc::*method)(int) const = &Calc::neg;
    Calc c;
    Table t{ident};
    return (c.*method)(3) + t.handler(1) + c.neg(0);
}

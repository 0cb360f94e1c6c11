// `using namespace` at file scope and inside a function.
namespace text {
int upper(int c) { return c - 32; }
int lower(int c) { return c + 32; }
}  // namespace text

namespace num {
int twice(int x) { return x * 2; }
}  // namespace num

using namespace text;

int shout(int c) { return upper(c); }

int main() {
    using namespace num;
    return shout(97) + lower(65) + twice(2);
}

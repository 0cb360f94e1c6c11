// A class template with members defined in the class and out of line; instances are
// declared with template arguments, which do not change the target.
template <typename T>
class Stack {
public:
    Stack() : size_(0) {}
    void push(const T& v);
    T pop() { return items_[--size_]; }
    bool empty() const { return size_ == 0; }

private:
    T items_[16];
    int size_;
};

template <typename T>
void Stack<T>::push(const T& v) {
    if (!empty() || size_ == 0) {
        items_[size_++] = v;
    }
}

template <typename K, typename V>
struct Pair {
    K key;
    V value;
    K first() const { return key; }
};

int main() {
    Stack<int> s;
    s.push(1);
    Stack<int>* p = &s;
    p->push(2);
    Pair<int, int> pr{1, 2};
    return s.pop() + pr.first();
}

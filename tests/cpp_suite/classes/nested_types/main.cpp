// A nested class: constructed and called from the outer class's methods, and by its
// qualified name from outside; static members of both.
class List {
public:
    class Node {
    public:
        explicit Node(int v) : value(v) {}
        static Node* make(int v) { return new Node(v); }
        int get() const { return value; }
        int value;
        Node* next = nullptr;
    };

    void push(int v) {
        Node* n = Node::make(v);
        n->next = head_;
        head_ = n;
    }
    int front() const { return head_->get(); }
    static List single(int v) {
        List l;
        l.push(v);
        return l;
    }

private:
    Node* head_ = nullptr;
};

int main() {
    List l = List::single(1);
    List::Node n(2);
    List::Node* m = List::Node::make(3);
    int v = l.front() + n.get() + m->next->get();
    delete m;
    return v;
}

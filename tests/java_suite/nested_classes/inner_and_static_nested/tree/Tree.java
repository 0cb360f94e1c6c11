package tree;

public class Tree {
    private Node root;

    static class Node {
        int v;
        Node left;

        Node(int v) {
            this.v = v;
        }

        int size() {
            return 1 + (left == null ? 0 : left.size());
        }
    }

    class Walker {
        int walk() {
            return root.size() + count();
        }
    }

    int count() {
        return 0;
    }

    void build() {
        root = new Node(1);
        Walker w = new Walker();
        w.walk();
        Tree.Node n = new Tree.Node(2);
        n.size();
    }
}

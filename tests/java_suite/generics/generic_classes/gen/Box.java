package gen;

import java.util.ArrayList;
import java.util.List;

public class Box<T> {
    private final List<T> items = new ArrayList<>();

    public void put(T item) {
        items.add(item);
    }

    public int size() {
        return items.size();
    }

    public static <U> Box<U> of(U first) {
        Box<U> b = new Box<>();
        b.put(first);
        return b;
    }
}

class Shelf {
    void fill() {
        Box<String> b = Box.of("a");
        b.put("b");
        Box.<Integer>of(1).size();
        Pair<String, Box<String>> p = new Pair<>("k", b);
    }
}

class Pair<A, B> {
    private final A a;
    private final B b;

    Pair(A a, B b) {
        this.a = a;
        this.b = b;
    }

    B right() {
        return b;
    }
}

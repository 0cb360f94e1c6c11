package ov5;

import java.util.function.Supplier;

public class Check {
    private int size;

    static void check(boolean ok) {
    }

    static void check(boolean ok, String message) {
    }

    static void check(boolean ok, Supplier<String> message) {
    }

    static void index(int i, int n) {
    }

    static void index(long i, long n) {
    }

    void run(int i, Object o) {
        check(i > 0);
        check(o instanceof String, "not a string");
        check(!(o == null), () -> "null");
        index(i, size);
        index(i, 10L);
    }
}

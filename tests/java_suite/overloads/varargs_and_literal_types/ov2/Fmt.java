package ov2;

public class Fmt {
    static String join(String... parts) {
        return String.join(",", parts);
    }

    static int size(int x) {
        return 1;
    }

    static int size(String s) {
        return 2;
    }

    static int size(long x) {
        return 3;
    }

    static void log(int level, Object... args) {
    }

    void run() {
        join();
        join("a", "b", "c");
        size(1);
        size("s");
        size(1L);
        log(1);
        log(1, "x", 2);
    }
}

package amb;

public class Amb {
    static void f(Integer x) {
    }

    static void f(String s) {
    }

    static String name() {
        return "n";
    }

    static void g(Object o) {
    }

    static void g(CharSequence s) {
    }

    void run(StringBuilder sb) {
        f(name());
        f(3);
        g(sb);
    }
}

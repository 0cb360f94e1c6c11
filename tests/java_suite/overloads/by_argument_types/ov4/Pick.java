package ov4;

public class Pick {
    static class Animal {
    }

    static class Dog extends Animal {
    }

    static void f(Animal a) {
    }

    static void f(Dog d) {
    }

    static void g(int x) {
    }

    static void g(long x) {
    }

    static void g(Object o) {
    }

    static void h(String s) {
    }

    static void h(Integer i) {
    }

    static String name() {
        return "";
    }

    void run(Animal a, Dog d, Integer boxed) {
        f(a);
        f(d);
        f(new Dog());
        g(1);
        g(1L);
        g("s");
        g(boxed);
        h(name());
        h(boxed);
        h("a" + 1);
    }
}

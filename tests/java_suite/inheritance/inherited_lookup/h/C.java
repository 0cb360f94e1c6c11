package h;

public class C extends B {
    public void c() {
        a();
        b();
        util();
    }

    public static void main(String[] x) {
        C c = new C();
        c.a();
        c.b();
        c.c();
    }
}

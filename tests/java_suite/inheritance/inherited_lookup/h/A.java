package h;

public class A {
    public void a() {
    }

    protected static void util() {
    }
}

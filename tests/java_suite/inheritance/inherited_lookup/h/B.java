package h;

public class B extends A {
    public void b() {
        a();
    }
}

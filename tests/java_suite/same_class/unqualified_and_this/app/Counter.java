package app;

public class Counter {
    private int n;

    public void inc() {
        check();
        this.n++;
        log("inc");
    }

    private void check() {
        if (n > 10) {
            reset();
        }
    }

    void reset() {
        this.n = 0;
        this.log("reset");
    }

    static void log(String s) {
    }

    public static void main(String[] args) {
        Counter c = new Counter();
        c.inc();
        c.reset();
        log("x");
    }
}

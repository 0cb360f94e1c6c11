package ab;

public class Outer {
    void interrupt() {
    }

    void start() {
        Thread t = new Thread() {
            @Override
            public void run() {
                interrupt();
            }
        };
        t.start();
        Runnable r = new Runnable() {
            public void run() {
                interrupt();
            }
        };
    }
}

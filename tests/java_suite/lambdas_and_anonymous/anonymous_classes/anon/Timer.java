package anon;

public class Timer {
    interface Task {
        void fire();
    }

    void tick() {
    }

    void schedule(Task t) {
        t.fire();
    }

    void start() {
        schedule(new Task() {
            public void fire() {
                tick();
                helper();
            }

            void helper() {
            }
        });
        Runnable r = new Runnable() {
            public void run() {
                tick();
            }
        };
        r.run();
    }
}

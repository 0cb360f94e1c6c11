package lam;

import java.util.List;

public class Proc {
    void handle(String s) {
    }

    static int twice(int x) {
        return 2 * x;
    }

    void run(List<String> xs) {
        xs.forEach(s -> handle(s));
        Runnable r = () -> {
            handle("x");
            twice(2);
        };
        r.run();
    }
}

package v;

public class Main {
    static class Box {
        void open() {
        }

        Object content() {
            return new Gift();
        }
    }

    static class Gift {
        void unwrap() {
        }
    }

    void run(Object o) {
        var b = new Box();
        b.open();
        var g = (Gift) b.content();
        g.unwrap();
        ((Box) o).open();
        if (o instanceof Gift gift) {
            gift.unwrap();
        }
    }
}

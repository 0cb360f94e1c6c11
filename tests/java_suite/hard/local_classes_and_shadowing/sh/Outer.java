package sh;

public class Outer {
    static class Pen {
        void write() {
        }
    }

    static class Brush {
        void write() {
        }

        void paint() {
        }
    }

    Pen tool = new Pen();

    void helper() {
    }

    void work() {
        tool.write();
        {
            Brush tool = new Brush();
            tool.paint();
        }
        class Local {
            void helper() {
            }

            void go() {
                helper();
            }
        }
        new Local().go();
        java.util.function.Consumer<Brush> c = tool -> tool.paint();
    }
}

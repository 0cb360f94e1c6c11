package en2;

interface Op {
    int apply(int a, int b);
}

public enum Arith implements Op {
    PLUS {
        public int apply(int a, int b) {
            return a + b;
        }
    },
    TIMES {
        public int apply(int a, int b) {
            return mul(a, b);
        }
    };

    static int mul(int a, int b) {
        return a * b;
    }

    static int run(Arith op) {
        switch (op) {
            case PLUS:
                return op.apply(1, 2);
            default:
                return Arith.TIMES.apply(2, 3);
        }
    }
}

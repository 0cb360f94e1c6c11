package zoo2;

class Base {
    Base(int x) {
        init();
    }

    void init() {
    }
}

class Derived extends Base {
    Derived() {
        super(1);
        setup();
    }

    void setup() {
    }
}

public class Main {
    public static void main(String[] a) {
        new Derived();
    }
}

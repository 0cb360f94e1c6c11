package fmt;

public interface Formatter {
    String format(String s);

    default String twice(String s) {
        return format(format(s));
    }

    static Formatter upper() {
        return new Upper();
    }
}

class Upper implements Formatter {
    public String format(String s) {
        return s.toUpperCase();
    }
}

class Demo {
    void run() {
        Formatter f = Formatter.upper();
        f.twice("a");
        Upper u = new Upper();
        u.twice("b");
        u.format("c");
    }
}

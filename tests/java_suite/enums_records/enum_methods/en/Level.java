package en;

public enum Level {
    LOW(1), HIGH(10);

    private final int weight;

    Level(int w) {
        this.weight = w;
    }

    int weight() {
        return weight;
    }

    boolean above(Level other) {
        return weight() > other.weight();
    }

    static Level parse(String s) {
        return valueOf(s.toUpperCase());
    }
}

class UseLevel {
    boolean check() {
        return Level.HIGH.above(Level.LOW) && Level.parse("low").weight() > 0;
    }
}

package geo;

public record Point(int x, int y) {
    public Point {
        check(x);
    }

    static void check(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative");
        }
    }

    public Point scale(int k) {
        return new Point(x * k, y * k);
    }

    public static Point origin() {
        return new Point(0, 0);
    }
}

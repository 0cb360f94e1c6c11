package geo;

public class Use {
    record Pair(Point a, Point b) {
    }

    void run() {
        Point p = Point.origin();
        Point q = p.scale(2);
        Pair pr = new Pair(p, q);
        pr.a().scale(3);
    }
}

package geo;

public class Shape {
    private final int side;

    public Shape(int side) {
        this.side = side;
    }

    public double area() {
        return side * side;
    }
}

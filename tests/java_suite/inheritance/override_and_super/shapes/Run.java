package shapes;

class Shape {
    double area() {
        return 0;
    }

    String label() {
        return "shape:" + area();
    }
}

class Square extends Shape {
    double s;

    @Override
    double area() {
        return s * s;
    }

    @Override
    String label() {
        return "square/" + super.label();
    }
}

public class Run {
    public static void main(String[] a) {
        Shape sh = new Square();
        sh.label();
        Square sq = new Square();
        sq.label();
        sq.area();
    }
}

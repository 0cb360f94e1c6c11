package app;

import geo.Shape;
import java.util.List;
import util.*;

public class Main {
    public static void main(String[] args) {
        Shape s = new Shape(2);
        double a = s.area();
        int m = Maths.max(1, 2);
        String t = Strings.twice("x");
        List<String> xs = List.of(t);
        xs.add("y");
    }
}

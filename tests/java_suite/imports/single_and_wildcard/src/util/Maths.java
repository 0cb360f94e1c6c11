package util;

public class Maths {
    public static int max(int a, int b) {
        return Math.max(a, b);
    }
}

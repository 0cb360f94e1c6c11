package util;

public final class MathUtil {
    private MathUtil() {
    }

    public static int square(int x) {
        return x * x;
    }

    public static int sumSquares(int a, int b) {
        return square(a) + MathUtil.square(b);
    }

    public static void main(String[] args) {
        System.out.println(sumSquares(1, 2));
        util.MathUtil.square(3);
    }
}

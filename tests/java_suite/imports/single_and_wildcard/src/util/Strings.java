package util;

public class Strings {
    public static String twice(String s) {
        return s.repeat(2);
    }
}

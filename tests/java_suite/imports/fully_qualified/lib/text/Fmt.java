package lib.text;

public class Fmt {
    public static String pad(String s) {
        return " " + s;
    }

    public String trim(String s) {
        return s.strip();
    }
}

package sbc;

public class Report {
    String render(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("n=").append(n).append('\n');
        String s = sb.toString().trim().toUpperCase();
        return s.substring(1).strip() + Integer.valueOf(n).toString().length();
    }
}

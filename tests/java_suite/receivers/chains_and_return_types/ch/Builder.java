package ch;

public class Builder {
    private final StringBuilder sb = new StringBuilder();

    public Builder add(String s) {
        sb.append(s);
        return this;
    }

    public Builder sep() {
        return add(",");
    }

    public String build() {
        return sb.toString();
    }

    static Builder create() {
        return new Builder();
    }

    public static void main(String[] a) {
        String s = Builder.create().add("a").sep().add("b").build();
        create().build().length();
    }
}

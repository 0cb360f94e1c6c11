package main;

public class App {
    void go() {
        lib.text.Fmt.pad("x");
        java.util.Collections.emptyList();
        lib.text.Fmt f = new lib.text.Fmt();
        f.trim("y");
    }
}

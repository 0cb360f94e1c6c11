package refs;

import java.util.List;
import java.util.function.Supplier;

public class Refs {
    static String upper(String s) {
        return s.toUpperCase();
    }

    void print(String s) {
    }

    void go(List<String> xs) {
        xs.forEach(this::print);
        xs.replaceAll(Refs::upper);
        Supplier<Refs> make = Refs::new;
        xs.forEach(String::trim);
    }
}

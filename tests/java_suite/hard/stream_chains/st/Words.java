package st;

import java.util.List;
import java.util.stream.Collectors;

public class Words {
    static String clean(String w) {
        return w.trim();
    }

    List<String> run(List<String> xs) {
        return xs.stream().map(Words::clean).filter(w -> !w.isEmpty()).collect(Collectors.toList());
    }
}

package ext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Stats {
    private final Map<String, Integer> counts = new HashMap<>();

    void add(String word) {
        counts.merge(word, 1, Integer::sum);
    }

    List<String> top() {
        List<String> out = new ArrayList<>(counts.keySet());
        out.sort(null);
        return out;
    }

    void show() {
        System.out.println(top().size());
        String s = String.valueOf(3);
        s.isEmpty();
        Math.max(1, 2);
    }
}

package gi;

import java.util.List;

public class G {
    static <T> T first(List<T> xs) {
        return xs.get(0);
    }

    static class Item {
        void use() {
        }
    }

    void run(List<Item> items) {
        first(items).use();
        Item i = first(items);
        i.use();
    }
}

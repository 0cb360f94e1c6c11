package gen;

import java.util.List;

public class Repo<T extends Entity> {
    private final List<T> items;

    public Repo(List<T> items) {
        this.items = items;
    }

    public T first() {
        return items.get(0);
    }

    public void touchAll() {
        for (T t : items) {
            t.touch();
        }
    }

    static void run(Repo<Entity> r) {
        r.first().touch();
        r.touchAll();
    }
}

package store;

public class Cache {
    private final Repo repo = new Repo();

    void put() {
        repo.save();
        helper();
    }

    static void helper() {
    }
}

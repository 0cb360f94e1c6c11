package store;

public class Repo {
    void save() {
    }
}

package svc;

class Repo {
    void save(String s) {
    }

    String load(int id) {
        return "";
    }
}

class Log {
    void info(String s) {
    }
}

public class Service {
    private final Repo repo = new Repo();
    private Log log;

    Service(Log log) {
        this.log = log;
    }

    void store(String s) {
        repo.save(s);
        this.log.info(s);
    }

    String get(Repo other, int id) {
        Repo local = other;
        log.info("get");
        return local.load(id);
    }
}

package mt;

public class Child extends Base {
    void init() {
        Config c = config();
        c.load();
        config().load();
        Child.Config d = new Child.Config();
        d.load();
    }
}

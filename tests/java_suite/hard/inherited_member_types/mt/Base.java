package mt;

public class Base {
    public static class Config {
        public void load() {
        }
    }

    protected Config config() {
        return new Config();
    }
}

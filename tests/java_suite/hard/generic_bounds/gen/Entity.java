package gen;

public class Entity {
    public void touch() {
    }
}

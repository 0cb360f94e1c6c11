package zoo;

public abstract class Animal {
    protected String name;

    public abstract String sound();

    public String describe() {
        return name + " says " + sound();
    }

    protected void sleep() {
    }
}

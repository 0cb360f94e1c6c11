package zoo;

import java.io.Serializable;

public class Dog extends Animal implements Comparable<Dog>, Serializable {
    @Override
    public String sound() {
        return "woof";
    }

    public int compareTo(Dog o) {
        return name.compareTo(o.name);
    }

    void rest() {
        sleep();
        this.describe();
        super.describe();
    }
}

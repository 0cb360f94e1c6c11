package shop;

public class Item {
    private final String name;
    private final int qty;

    public Item(String name) {
        this(name, 1);
    }

    public Item(String name, int qty) {
        this.name = name;
        this.qty = qty;
        validate();
    }

    private void validate() {
    }
}

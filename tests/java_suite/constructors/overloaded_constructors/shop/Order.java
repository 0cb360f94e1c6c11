package shop;

public class Order {
    public static void main(String[] args) {
        Item a = new Item("pen");
        Item b = new Item("ink", 2);
        new Basket();
    }
}

class Basket {
}

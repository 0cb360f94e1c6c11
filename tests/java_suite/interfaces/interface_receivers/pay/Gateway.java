package pay;

public interface Gateway {
    boolean charge(int cents);

    default boolean refund(int cents) {
        return charge(-cents);
    }
}

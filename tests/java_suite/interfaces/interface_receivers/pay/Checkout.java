package pay;

public class Checkout {
    private final Gateway gw;

    public Checkout(Gateway gw) {
        this.gw = gw;
    }

    boolean pay(int c) {
        return gw.charge(c);
    }

    boolean undo(int c) {
        return gw.refund(c);
    }

    static void main(String[] a) {
        new Checkout(new Stripe()).pay(5);
    }
}

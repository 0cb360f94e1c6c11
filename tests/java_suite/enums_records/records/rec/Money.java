package rec;

public record Money(long cents, String currency) {
    public Money add(Money other) {
        check(other);
        return new Money(cents + other.cents(), currency);
    }

    private void check(Money other) {
        if (!currency.equals(other.currency())) {
            throw new IllegalStateException();
        }
    }

    static Money zero() {
        return new Money(0, "EUR");
    }
}

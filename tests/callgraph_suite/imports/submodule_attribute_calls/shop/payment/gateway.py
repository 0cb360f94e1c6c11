from shop import cart

LOG = []


def charge(amount):
    LOG.append(amount)
    return cart.total([amount])


class Gateway:
    def refund(self, amount):
        return charge(-amount)

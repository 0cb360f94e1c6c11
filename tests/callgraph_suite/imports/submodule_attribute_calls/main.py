"""Functions called through dotted module paths after `import pkg.sub.mod`, which binds the top package."""

import shop.cart
import shop.payment.gateway
import shop.payment.gateway as gw


def checkout(items):
    total = shop.cart.total(items)
    shop.payment.gateway.charge(total)
    return shop.describe(total)


print(checkout([3, 4]))
print(gw.Gateway().refund(2))

"""Handlers picked from a dict by exception type; str(e) on a custom __str__ is only a builtin edge."""


class QuotaExceeded(Exception):
    def __init__(self, used, limit):
        super().__init__(used, limit)
        self.used = used
        self.limit = limit

    def __str__(self):
        return f"{self.used}/{self.limit}"

    def overage(self):
        return self.used - self.limit


def on_quota(err):
    print("over by", err.overage(), "-", str(err))


def on_value(err):
    print("bad value:", err)


HANDLERS = {QuotaExceeded: on_quota, ValueError: on_value}


def consume(amount, limit=10):
    if amount < 0:
        raise ValueError(amount)
    if amount > limit:
        raise QuotaExceeded(amount, limit)
    return limit - amount


def safe_consume(amount):
    try:
        return consume(amount)
    except (QuotaExceeded, ValueError) as err:
        HANDLERS[type(err)](err)
        return 0


print(safe_consume(3), safe_consume(12), safe_consume(-1))

"""Methods decorated in class bodies: a custom wrapper, staticmethod, classmethod, property, and a subclass method."""


def audited(method):
    def wrapper(self, *args):
        self.log.append(method.__name__)
        return method(self, *args)

    return wrapper


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.log = []

    @audited
    def deposit(self, amount):
        self.balance += self.fee(amount)

    @staticmethod
    def fee(amount):
        return amount - 1

    @classmethod
    def empty(cls):
        return cls(0)

    @property
    def summary(self):
        return f"{self.balance} after {len(self.log)} ops"


class Savings(Account):
    @audited
    def add_interest(self):
        self.deposit(self.balance // 10)


acct = Savings.empty()
acct.deposit(50)
acct.add_interest()
print(acct.summary)

"""Methods called on instances held in variables, in attributes set by __init__, and in a dict."""


class Logger:
    def __init__(self):
        self.lines = []

    def log(self, msg):
        self.lines.append(msg)

    def dump(self):
        for line in self.lines:
            print(line)


class Account:
    def __init__(self, owner, logger):
        self.owner = owner
        self.balance = 0
        self.logger = logger

    def deposit(self, amount):
        self.balance += amount
        self.logger.log(f"{self.owner} +{amount}")

    def withdraw(self, amount):
        if amount > self.balance:
            self.logger.log(f"{self.owner} refused {amount}")
            return False
        self.balance -= amount
        return True


log = Logger()
alice = Account("alice", log)
accounts = {"alice": alice, "bob": Account("bob", log)}
alice.deposit(10)
accounts["bob"].withdraw(5)
current = accounts["alice"]
current.withdraw(3)
log.dump()

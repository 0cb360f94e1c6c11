"""Each call in a chain returns an object of a different class, also when obtained through a pass-through function."""


class Cursor:
    def __init__(self, tx):
        self.tx = tx

    def execute(self, sql):
        self.tx.log.append(sql)
        return len(self.tx.log)


class Transaction:
    def __init__(self):
        self.log = []

    def cursor(self):
        return Cursor(self)

    def commit(self):
        return list(self.log)


class Connection:
    def begin(self):
        return Transaction()


def connect():
    return Connection()


def default_connection():
    return connect()


tx = default_connection().begin()
tx.cursor().execute("INSERT 1")
print(connect().begin().cursor().execute("SELECT 1"), tx.commit())

"""A property lazily builds an object; methods are called on what the property returns."""


class Connection:
    def __init__(self, url):
        self.url = url
        self.sent = []

    def execute(self, sql):
        self.sent.append(sql)
        return len(self.sent)


class Repository:
    def __init__(self, url):
        self.url = url
        self._conn = None

    @property
    def conn(self):
        if self._conn is None:
            self._conn = Connection(self.url)
        return self._conn

    def count_users(self):
        return self.conn.execute("SELECT COUNT(*) FROM users")


repo = Repository("sqlite://")
repo.count_users()
print(repo.conn.execute("SELECT 1"), repo.conn.url)

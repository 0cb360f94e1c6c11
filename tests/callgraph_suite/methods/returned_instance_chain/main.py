"""Method calls on objects returned by other methods: a query builder returning self and a store returning records."""


class Record:
    def __init__(self, key, data):
        self.key = key
        self.data = data

    def save(self, store):
        store.put(self)
        return self


class Store:
    def __init__(self):
        self.rows = {}

    def put(self, record):
        self.rows[record.key] = record

    def get(self, key):
        return self.rows[key]

    def new(self, key, **data):
        return Record(key, data)


class Query:
    def __init__(self, store):
        self.store = store
        self.keys = []

    def where(self, key):
        self.keys.append(key)
        return self

    def fetch(self):
        return [self.store.get(k) for k in self.keys]


store = Store()
store.new("a", x=1).save(store)
store.new("b", x=2).save(store).save(store)
for rec in Query(store).where("a").where("b").fetch():
    print(rec.key, rec.data)

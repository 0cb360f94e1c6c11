"""A classmethod calling cls.other() uses the override of the class it was called through."""


class Model:
    @classmethod
    def prefix(cls):
        return "tbl"

    @classmethod
    def table(cls):
        return f"{cls.prefix()}_{cls.__name__.lower()}"

    @classmethod
    def select(cls, *cols):
        return f"SELECT {', '.join(cols) or '*'} FROM {cls.table()}"


class User(Model):
    @classmethod
    def prefix(cls):
        return "auth"


class Order(Model):
    @classmethod
    def table(cls):
        return "orders"


print(User.select("id", "name"))
print(Order.select())
print(Model.table())

"""super() inside classmethods: the parent classmethod runs with cls still bound to the subclass."""


class Model:
    registry = []

    def __init__(self, **fields):
        self.fields = fields

    @classmethod
    def create(cls, **fields):
        obj = cls(**fields)
        Model.registry.append(obj)
        return obj

    @classmethod
    def table(cls):
        return cls.__name__.lower()


class User(Model):
    def __init__(self, **fields):
        super().__init__(**fields)
        self.active = True

    @classmethod
    def create(cls, **fields):
        fields.setdefault("role", "member")
        return super().create(**fields)

    @classmethod
    def table(cls):
        return "app_" + super().table()


class Admin(User):
    @classmethod
    def create(cls, **fields):
        fields["role"] = "admin"
        return super(Admin, cls).create(**fields)


u = User.create(name="ann")
a = Admin.create(name="root")
print(u.fields, a.fields, User.table(), Admin.table(), len(Model.registry))

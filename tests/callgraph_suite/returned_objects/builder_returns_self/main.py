"""A builder whose methods return self, chained, ending in build() that returns an object of another class."""


class Query:
    def __init__(self, table, fields, conditions):
        self.table = table
        self.fields = fields
        self.conditions = conditions

    def to_sql(self):
        sql = f"SELECT {', '.join(self.fields)} FROM {self.table}"
        if self.conditions:
            sql += " WHERE " + " AND ".join(self.conditions)
        return sql


class QueryBuilder:
    def __init__(self, table):
        self.table = table
        self.fields = []
        self.conditions = []

    def select(self, *fields):
        self.fields.extend(fields)
        return self

    def where(self, condition):
        self.conditions.append(condition)
        return self

    def build(self):
        return Query(self.table, self.fields or ["*"], self.conditions)


sql = QueryBuilder("users").select("id", "name").where("age > 18").where("active").build().to_sql()
print(sql)
builder = QueryBuilder("orders")
builder.where("total > 0")
print(builder.build().to_sql())

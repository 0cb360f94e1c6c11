"""Methods calling other methods of the same object through self, several levels deep."""


class Report:
    def __init__(self, title, rows):
        self.title = title
        self.rows = rows

    def render(self):
        return "\n".join([self.header(), self.body(), self.footer()])

    def header(self):
        return self.title.upper()

    def body(self):
        return "\n".join(self.line(i, r) for i, r in enumerate(self.rows))

    def line(self, i, row):
        return f"{i + 1}. {self.format_cell(row)}"

    def format_cell(self, value):
        return str(value).strip()

    def footer(self):
        return f"{self.count()} rows"

    def count(self):
        return len(self.rows)


print(Report("sales", [" a ", "b"]).render())

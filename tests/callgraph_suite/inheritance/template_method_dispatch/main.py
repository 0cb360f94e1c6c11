"""Virtual dispatch: a base method calling self.hook() reaches only the overrides of the classes actually instantiated."""


class Exporter:
    def export(self, rows):
        out = [self.header()]
        for row in rows:
            out.append(self.format_row(row))
        return self.finish(out)

    def header(self):
        return "rows"

    def format_row(self, row):
        return str(row)

    def finish(self, lines):
        return "\n".join(lines)


class CsvExporter(Exporter):
    def header(self):
        return "a,b"

    def format_row(self, row):
        return ",".join(str(v) for v in row)


class TsvExporter(Exporter):
    def format_row(self, row):
        return "\t".join(str(v) for v in row)


def export_all(exporters, rows):
    return [e.export(rows) for e in exporters]


for text in export_all([CsvExporter()], [(1, 2), (3, 4)]):
    print(text)

"""A factory returns one of several classes' instances; a method called on the result reaches every class it can return."""


class JsonParser:
    def parse(self, text):
        return {"json": text}


class CsvParser:
    def parse(self, text):
        return text.split(",")


class XmlParser:
    def parse(self, text):
        return ["<" + text + ">"]


def make_parser(kind):
    if kind == "json":
        return JsonParser()
    return CsvParser()


def load(kind, text):
    parser = make_parser(kind)
    return parser.parse(text)


print(load("json", "{}"), load("csv", "a,b"))

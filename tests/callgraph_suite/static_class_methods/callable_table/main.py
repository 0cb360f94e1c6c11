"""Static and class methods stored in a dict or a variable and called later through it."""


class Parser:
    @staticmethod
    def parse_int(text):
        return int(text)

    @staticmethod
    def parse_float(text):
        return float(text)

    @classmethod
    def parse_list(cls, text):
        return [cls.parse_int(p) for p in text.split(",")]


HANDLERS = {
    "int": Parser.parse_int,
    "float": Parser.parse_float,
}


def parse(kind, text):
    handler = HANDLERS.get(kind, Parser.parse_list)
    return handler(text)


to_list = Parser.parse_list
print(parse("int", "4"), parse("float", "2.5"), parse("list", "1,2"), to_list("7,8"))

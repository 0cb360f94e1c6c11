"""Nested classes instantiated through self and through the outer class name, and their methods called."""


class Parser:
    class Token:
        def __init__(self, kind, text):
            self.kind = kind
            self.text = text

        def describe(self):
            return f"{self.kind}:{self.text}"

    class Error(Exception):
        pass

    def __init__(self, source):
        self.source = source

    def tokens(self):
        out = []
        for word in self.source.split():
            kind = "num" if word.isdigit() else "word"
            out.append(self.Token(kind, word))
        return out

    def first(self):
        toks = self.tokens()
        if not toks:
            raise Parser.Error("empty source")
        return toks[0]


p = Parser("sum 1 2")
print([t.describe() for t in p.tokens()])
print(p.first().describe())
print(Parser.Token("eof", "").describe())
try:
    Parser("").first()
except Parser.Error as e:
    print("error:", e)

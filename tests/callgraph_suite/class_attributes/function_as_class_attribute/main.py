"""A plain function stored as a class attribute becomes a bound method through an instance; wrapped in staticmethod it does not."""


def shout(self, text):
    return f"{self.name}: {text.upper()}!"


def whisper(text):
    return text.lower() + "..."


class Speaker:
    say = shout
    murmur = staticmethod(whisper)

    def __init__(self, name):
        self.name = name

    def speak_twice(self, text):
        return [self.say(text), self.murmur(text)]


s = Speaker("ann")
print(s.say("hi"))
print(Speaker.say(s, "direct"))
print(Speaker.murmur("QUIET"))
print(s.speak_twice("hey"))
